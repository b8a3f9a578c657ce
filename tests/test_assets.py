from gwr.config import BaseUrl
from gwr.site.assets import fingerprint_assets, fingerprinted_name


def test_the_hash_goes_after_the_stem_and_follows_the_content():
    first = fingerprinted_name("lunr.min.js", b"a")
    assert first.startswith("lunr.") and first.endswith(".min.js") and len(first.split(".")) == 4
    assert fingerprinted_name("lunr.min.js", b"a") == first
    assert fingerprinted_name("lunr.min.js", b"b") != first
    assert fingerprinted_name("favicon.svg", b"a").count(".") == 2


def test_assets_are_written_under_static_and_linked_under_the_base_path():
    assets, files = fingerprint_assets({"site.css": b"body{}", "site.js": b""}, BaseUrl("https://example.org", "/gwr/"))
    css = assets.paths["site.css"]
    assert css.startswith("/static/site.") and css.endswith(".css")
    assert files[css.lstrip("/")] == b"body{}" and len(files) == 2
    assert assets.href("site.css") == "/gwr" + css
