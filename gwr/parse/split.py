"""Stage 2: cut each source file into the documents it holds, and set site chrome aside.

Scraped pages hold several documents. They are told apart by general signs of listing and
compilation pages, never by what a particular site prints:

* a line of dashes, or a bullet title (• 【X招商】title), starts an entry of a listing;
* a listing date line (2025-07-02) closes an entry: it is the page's date, not the report's;
* in a compilation, a new ``各位代表:`` opening after a complete report starts the next one;
* navigation, paywall, tipping, submission rules, copyright and contact lines are chrome.
  A footer marker (copyright, 点我投稿 …) or a paywall marker (阅读全文) ends the document:
  every line after it is chrome until the next entry starts.

Every line that is left out is recorded as a Removal with its reason, so nothing is lost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from gwr.lexicon.textnorm import OPENING_LINE, YEAR_MENTION, fold
from gwr.model import Collection, RawDocument, Removal, SourceFile, SourceLine

# Chrome is short: a line of navigation or page tools fits MAX_CHROME characters, a footer (a
# copyright notice may run to a few hundred) MAX_FOOTER; longer lines are text (a whole report
# on one line may end in its page's footer, a paragraph may name a 公众号).
MAX_CHROME = 120
MAX_FOOTER = 1000
# ASCII rules only: a lone —— is a Chinese list dash whose text follows on the next line.
SEPARATOR = re.compile(r"^([-=*_~]+|[─━]{3,})$")
LISTING_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(\d{1,2}:\d{2}(:\d{2})?)?(\d+)?$")
# A middle dot opens a bullet only before a space or a tag: 城乡对接·村社互进 wrapped before its dot is text.
BULLET = re.compile(r"^\s*(?:[•●▪◆■]|·(?=\s|【))\s*(?:【([^】]{1,24})】)?\s*(\S.*)$")
COLLECTION = re.compile(r"(汇编|合集|选编|汇总)")

# — 3 —, -3-, 第3页, 3/20: a bare number is no page number (M2 and PM2.5 broken over lines leave one).
PAGE_NUMBER = re.compile(r"^(?:[—–\-－─]+\d{1,3}[—–\-－─]+|第\d{1,3}页(?:/?共\d{1,3}页)?|\d{1,3}/\d{1,3})$")
# A label of the page's metadata (来源：…); alone on its line, its value is the next line.
PAGE_LABEL = re.compile(r"^(发布时间|发表时间|发布日期|来源|作者|点击|点击数|浏览|浏览次数|浏览量|阅读量|阅读次数|访问量|"
                        r"时间|日期|信息来源|文章来源|责任编辑|编辑|责编|审核|校对|字数|"
                        # the index of a government's disclosure page (政务公开), above the document
                        r"索引号|发布机构|发文机关|主题分类|发文日期|成文日期|发文字号|文号)[:：]")
# Lines that are never document text. Matched on the folded line (NFKC, simplified, no spaces).
CHROME = [
    (re.compile(r"(上一版|下一版|上一篇|下一篇|回到首页|标题导航|放大缩小)"), "newspaper navigation"),
    (re.compile(r"^第\d+版[:：]"), "newspaper navigation"),
    (re.compile(r"^~{2,}"), "newspaper navigation"),
    (re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日星期[一二三四五六日天]$"), "newspaper issue date"),
    (re.compile(r"^[(（](下转|上接|转|接)第?\d+版[)）]$"), "newspaper jump marker"),
    (PAGE_LABEL, "page metadata"),
    (re.compile(r"^标题[:：]\|"), "page metadata"),  # a row of a disclosure page's index table (标题： | …)
    (re.compile(r"^(下载|打印|全屏|收藏|关闭|关闭窗口|打印本页|关闭本页|返回顶部|返回|顶部|纠错|"
                r"[【\[]?(字号|字体|文字)[:：]?.{0,12}|加大|还原|减小|默认|[大中小]|[【】\[\]]|"
                r"[aA][+\-−－]?|分享到.{0,20}|打印文章|朗读|视力保护色.*|护眼模式)$"), "page tools"),
    (re.compile(r"^(图|图片|配图)[:：]|^[(（]?(图片|摄影|记者.{0,6}摄)|(记者|摄影|通讯员)\S{0,12}摄[)）]?$"),
     "photo caption"),
    # 殷勇同志作政府工作报告。本报记者 戴冰摄: a photo of the speaker, above the text
    (re.compile(r"^(?!.*我代表)[^，,。；]{1,14}(在|正在)?作(政府)?工作报告([。.].{0,30})?$"), "photo caption"),
    (re.compile(r"^(首页|主页|当前位置|您现在的位置|您的位置)([:：>＞].*)?$|^[>＞»›]$"), "breadcrumb"),
    # 请赞赏鼓励 asks for a tip; 我们赞赏… in a report does not.
    (re.compile(r"(请?赞赏(鼓励|支持|作者|一下)|赏赞|打赏)"), "tipping"),
    (re.compile(r"^[¥￥]\d"), "tipping"),
    (re.compile(r"^(查看更多|分享[:：]?|关于本文|相关(内容|文章|阅读)|热门推荐|本周热门|本月热门|二维码)"), "site navigation"),
    (re.compile(r"^(微信)?扫一扫|^(关注|微信订阅号|微信公众号|公众号)"), "site navigation"),
    # what a WeChat article page prints around every article
    (re.compile(r"^(点击|戳)?(上方|下方)?蓝字.{0,6}关注|^(继续|向上)滑动看下一个$|^(轻触)?阅读原文$|^预览时标签不可点$|"
                r"^(我要|写)?留言$|^在看$"), "site navigation"),
    (re.compile(r"^(本文标题|链接地址|原文链接|本文链接)[:：]"), "site navigation"),
    (re.compile(r"^共\d+页$"), "pagination"),
    (re.compile(r"^\d{3,4}-\d{3,4}-\d{3,4}$"), "contact"),
    (re.compile(r"^-?(联系我们|企业入驻)$"), "contact"),
]
# A line that ends the document text: everything after it is chrome until the next entry.
FOOTER = [
    (re.compile(r"(版权说明|版权所有|版权声明|copyright|©)", re.I), "copyright footer"),
    (re.compile(r"(点我投稿|投稿须知|投稿提示)"), "submission rules"),
    # A licence notice a wiki or archive adds after the text (本作品…属于公有领域; Public domain)
    (re.compile(r"^本作品(是|在|采用|依据|根据|属于|已|来自)|^(公有领域|publicdomain)[。.]?$|知识共享|creativecommons",
                re.I), "licence notice"),
    (re.compile(r"^(热点文章|热门文章|推荐阅读|相关阅读|相关新闻|相关链接|相关稿件|延伸阅读|更多阅读)"),
     "related articles"),
]
PAYWALL = [
    (re.compile(r"^阅读全文"), "paywall"),
    (re.compile(r"(登陆|登录|付费|会员).{0,12}(阅读|查看)|(阅读|查看).{0,12}(登陆|登录|付费|会员)"), "paywall"),
]
# The sentence after a report's opening says who speaks; a 各位代表: inside a speech does not.
WHO_SPEAKS = re.compile(r"^.{0,20}?(我代表|受.{1,16}?委托)")
# Lines that open a report and may stand at the end of the previous entry of a compilation.
FRONT_MATTER = re.compile(r"(报告$|^[—─-]*\d{4}年\d{1,2}月\d{1,2}日在.{4,60}会议上)")


def match_rule(rules, folded: str) -> str | None:
    for pattern, reason in rules:
        if pattern.search(folded):
            return reason
    return None


@dataclass
class _Draft:
    """A document being collected while the file is scanned."""

    index: int
    lines: list[SourceLine] = field(default_factory=list)
    title: str | None = None
    title_line: int | None = None
    tag: str | None = None
    listing_date: str | None = None
    collection: Collection | None = None
    truncated: bool = False
    opened_at: int | None = None  # index in lines of the 各位代表: opening

    def is_page_header(self) -> bool:
        """Only a menu, a title, a subtitle so far (short lines, or no sentence): a date here
        dates the page, it closes no entry."""
        return (self.title is None and self.opened_at is None
                and (all(len(ln.text.strip()) <= 40 for ln in self.lines)
                     or not any(mark in ln.text for ln in self.lines for mark in "。！？")))

    def has_complete_body(self) -> bool:
        return self.opened_at is not None and len(self.lines) - self.opened_at >= 4

    def freeze(self, file: str) -> RawDocument:
        return RawDocument(
            file=file, index=self.index, lines=tuple(self.lines), title=self.title,
            title_line=self.title_line, tag=self.tag, listing_date=self.listing_date,
            collection=self.collection, truncated=self.truncated,
        )


class _Splitter:
    def __init__(self, source: SourceFile, running: set[int] = frozenset()):
        self.source = source
        self.running = running  # line numbers of the running heads of a PDF's pages
        self.documents: list[RawDocument] = []
        self.removed: list[Removal] = []
        self.current: _Draft | None = None
        self.collection: Collection | None = None
        # body: inside a document; between: after a separator, waiting for a title;
        # after-entry: after a listing date; footer: after a footer or paywall line.
        self.zone = "body"
        self.pending: SourceLine | None = None  # an opening that may start the next report
        self.label_alone = False  # the line above was a metadata label without its value

    def remove(self, number: int, text: str, reason: str) -> None:
        self.removed.append(Removal(self.source.name, number, text, reason))

    def close(self) -> None:
        draft, self.current = self.current, None
        if draft is None:
            return
        if draft.lines or draft.title:
            self.documents.append(draft.freeze(self.source.name))

    def start(self, title: str | None = None, title_line: int | None = None,
              tag: str | None = None) -> _Draft:
        self.close()
        self.current = _Draft(index=len(self.documents), title=title, title_line=title_line,
                              tag=tag, collection=self.collection)
        self.zone = "body"
        return self.current

    def start_from_opening(self) -> _Draft:
        """A new compilation entry: take along the previous entry's trailing front matter."""
        previous = self.current
        carried: list[SourceLine] = []
        if previous is not None:
            while (len(previous.lines) > (previous.opened_at or 0) + 1
                   and len(previous.lines[-1].text) <= 80
                   and FRONT_MATTER.search(fold(previous.lines[-1].text))):
                carried.insert(0, previous.lines.pop())
        draft = self.start()
        draft.lines.extend(carried)
        return draft

    def opens_next_report(self, folded: str) -> bool:
        """Whether a pending opening starts a new report: the line after it says who speaks,
        or the entry so far ends with a report's title or dated subtitle."""
        last = self.current.lines[-1].text if self.current and self.current.lines else ""
        return bool(WHO_SPEAKS.match(folded)) or (len(last) <= 80 and bool(FRONT_MATTER.search(fold(last))))

    def resolve_pending(self, folded: str | None) -> None:
        opening, self.pending = self.pending, None
        if folded is not None and self.opens_next_report(folded):
            self.start_from_opening()
            self.current.opened_at = len(self.current.lines)
        self.current.lines.append(opening)

    def listing_mark(self, number: int, raw: str, text: str, folded: str) -> bool:
        """A separator, a bullet title or a listing date: the marks of a listing page's entries."""
        if SEPARATOR.match(folded):
            self.close()
            self.zone = "between"
            self.remove(number, raw, "listing separator")
            return True
        bullet = BULLET.match(text)
        if bullet and self.zone != "footer":
            self.start(title=bullet.group(2).strip(), title_line=number, tag=bullet.group(1))
            return True
        if LISTING_DATE.match(folded):
            if self.current is not None and self.current.is_page_header():
                self.remove(number, raw, "page metadata")  # the page's date above its text
                return True
            if self.current is not None:
                self.current.listing_date = folded[:10]
                self.close()
            self.zone = "after-entry"
            self.remove(number, raw, "listing date")
            return True
        return False

    def set_aside(self, number: int, raw: str, folded: str) -> bool:
        """A line of chrome: a paywall or a footer ends the document, the rest is left out."""
        chrome_rules = ((PAYWALL, True), (FOOTER, False)) if len(folded) <= MAX_FOOTER else ()
        for rules, cuts_text in chrome_rules:
            reason = match_rule(rules, folded)
            if reason:
                if cuts_text and self.current is not None:
                    self.current.truncated = True
                self.close()
                self.zone = "footer"
                self.remove(number, raw, reason)
                return True
        reason = "page number" if PAGE_NUMBER.match(folded) or (number in self.running and folded.isdigit()) \
            else "running head" if number in self.running \
            else match_rule(CHROME, folded) if len(folded) <= MAX_CHROME else None
        if reason:
            self.remove(number, raw, reason)
            self.label_alone = reason == "page metadata" and bool(PAGE_LABEL.fullmatch(folded))
            return True
        return False

    def feed(self, number: int, raw: str) -> None:
        text = raw.strip()
        if not text:
            return
        folded = fold(text)
        if not folded:
            self.remove(number, raw, "blank")
            return
        if self.pending is not None:
            self.resolve_pending(folded)
        if self.label_alone:
            self.label_alone = False
            if len(folded) <= 30 and not OPENING_LINE.match(folded):
                self.remove(number, raw, "page metadata")  # the value of the label on the line above
                return
        if self.listing_mark(number, raw, text, folded) or self.set_aside(number, raw, folded):
            return
        if self.current is None and len(folded) <= 80 and COLLECTION.search(folded) and "篇" in folded:
            year = YEAR_MENTION.search(folded)
            self.collection = Collection(text, int(year.group(1)) if year else None)
            self.zone = "after-entry"
            self.remove(number, raw, "compilation title")
            return
        if OPENING_LINE.match(folded):
            if self.current is not None and self.current.has_complete_body() and self.zone == "body":
                self.pending = SourceLine(number, raw)  # decided by the next line
                return
            if self.current is None or self.zone != "body":
                self.start_from_opening()
            self.current.opened_at = len(self.current.lines)
            self.current.lines.append(SourceLine(number, raw))
            return
        if self.zone == "footer":
            self.remove(number, raw, "site chrome after the end of the text")
            return
        if self.zone in ("between", "after-entry"):
            self.start(title=text, title_line=number)
            return
        if self.current is None:
            self.start()
        self.current.lines.append(SourceLine(number, raw))




def running_heads(lines: tuple[str, ...]) -> set[int]:
    """Line numbers of the running heads and feet of a PDF's pages: a short line that stands
    next to page numbers three times or more (政府工作报告 over every page), where it stands
    next to one; the same line elsewhere (the title) stays."""
    # Only short lines can be page numbers or heads: the body's lines are never folded here.
    folded = [fold(line.strip()) if len(line) <= 60 else "" for line in lines]
    near: dict[str, list[int]] = {}
    for i, text in enumerate(folded):
        if PAGE_NUMBER.match(text):
            for j in (i - 2, i - 1, i + 1, i + 2):
                if 0 <= j < len(folded) and 0 < len(folded[j]) <= 24 and not PAGE_NUMBER.match(folded[j]):
                    near.setdefault(folded[j], []).append(j + 1)
    return {number for text, numbers in near.items() if len(set(numbers)) >= 3 and not OPENING_LINE.match(text)
            for number in numbers}


def split_source(source: SourceFile) -> tuple[list[RawDocument], list[Removal]]:
    splitter = _Splitter(source, running_heads(source.lines) | source.furniture)
    for number, raw in enumerate(source.lines, start=1):
        splitter.feed(number, raw)
    if splitter.pending is not None:
        splitter.resolve_pending(None)
    splitter.close()
    documents = [replace(d, index=i) for i, d in enumerate(splitter.documents)]
    return documents, splitter.removed
