import pytest

import build
from gwr.config import BaseUrl, ConfigError, configured_base_url


def test_a_base_url_is_an_origin_and_a_path_ending_in_a_slash():
    base = BaseUrl.parse("https://Example.org/gwr", "test")
    assert (base.origin, base.path) == ("https://example.org", "/gwr/")
    assert base.href("/reports/x/") == "/gwr/reports/x/" and base.href("/") == "/gwr/"
    assert base.absolute("/feed.xml") == "https://example.org/gwr/feed.xml"
    assert str(BaseUrl.parse("http://localhost:8000", "test")) == "http://localhost:8000/"


@pytest.mark.parametrize("address", ["example.org/gwr/", "ftp://example.org/", "https:///gwr/",
                                     "https://example.org/gwr/?v=1", "https://example.org/#top"])
def test_an_unusable_base_url_is_refused_naming_where_it_came_from(address):
    with pytest.raises(ConfigError, match="--base-url"):
        BaseUrl.parse(address, "--base-url")


def test_site_toml_gives_the_base_url(tmp_path):
    settings = tmp_path / "site.toml"
    assert configured_base_url(settings) == BaseUrl()  # no file: the preview address
    settings.write_text('base_url = "https://example.org/reports"\n', encoding="utf-8")
    assert configured_base_url(settings) == BaseUrl("https://example.org", "/reports/")
    settings.write_text("# nothing set\n", encoding="utf-8")
    assert configured_base_url(settings) == BaseUrl()
    for broken in ['base_url = "https://example.org', "base_url = 3\n", 'base_url = "/gwr/"\n']:
        settings.write_text(broken, encoding="utf-8")
        with pytest.raises(ConfigError, match="site.toml"):
            configured_base_url(settings)


def test_the_command_line_refuses_a_bad_base_url_before_building(tmp_path, capsys):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as stopped:
        build.main(["--out", str(out), "--base-url", "example.org"])
    assert "--base-url" in str(stopped.value.code) and "absolute" in str(stopped.value.code)
    assert not out.exists()
