"""The input-URL validator: every URL RunComfy could not fetch is refused before a paid run (exit 65).

These are *input* URLs (what RunComfy downloads). The fake Model API's output files on 127.0.0.1 are
download hosts, checked by a different rule (tests/execute).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runcomfy_edit_tool import EditRouter, InputError
from runcomfy_edit_tool._cli import main
from runcomfy_edit_tool._inputs import check_url

ROUTER = EditRouter(classifier="rules")
OK = "https://cdn.example.com/a.jpg"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        # two URLs in one item: the agent's favourite mistake
        ("https://a.example/1.jpg,https://a.example/2.jpg", "several URLs joined by ','"),
        ("https://a.example/1.jpg, https://a.example/2.jpg", "several URLs joined by ','"),
        ("https://a.example/1.jpg https://a.example/2.jpg", "several URLs joined by 'a space'"),
        ("https://a.example/1.jpg\nhttps://a.example/2.jpg", "several URLs joined by 'a space'"),
        ("https://a.example/1.jpg;https://a.example/2.jpg", "several URLs joined by ';'"),
        ("https://a.example/1.jpg|http://a.example/2.jpg", "several URLs joined by '|'"),
        # whitespace and control characters inside
        ("https://a.example/my photo.jpg", "whitespace or control characters"),
        ("https://a.example/a\tb.jpg", "whitespace or control characters"),
        ("https://a.example/a\x00.jpg", "whitespace or control characters"),
        ("https://a.example/a\x1b[31m.jpg", "whitespace or control characters"),
        ("https://a.example/a\u200b.jpg", "whitespace or control characters"),
        ("https://a.example/a\r\n.jpg", "whitespace or control characters"),
        ("https://a.example\\@evil.example/x.jpg", "backslash"),
        # not a host RunComfy can reach
        ("https://localhost/a.jpg", "this machine or a local network"),
        ("https://LOCALHOST./a.jpg", "this machine or a local network"),
        ("https://app.localhost/a.jpg", "this machine or a local network"),
        ("https://printer.local/a.jpg", "this machine or a local network"),
        ("https://db.internal/a.jpg", "this machine or a local network"),
        ("https://127.0.0.1/a.jpg", "private or local address"),
        ("https://127.1.2.3:8443/a.jpg", "private or local address"),
        ("https://10.0.0.5/a.jpg", "private or local address"),
        ("https://172.16.9.1/a.jpg", "private or local address"),
        ("https://192.168.1.10/a.jpg", "private or local address"),
        ("https://169.254.169.254/latest/meta-data", "private or local address"),
        ("https://100.64.0.1/a.jpg", "private or local address"),
        ("https://0.0.0.0/a.jpg", "private or local address"),
        ("https://224.0.0.1/a.jpg", "private or local address"),
        ("https://[::1]/a.jpg", "private or local address"),
        ("https://[fe80::1%25eth0]/a.jpg", "private or local address"),
        ("https://[fd00::1]/a.jpg", "private or local address"),
        ("https://[::ffff:127.0.0.1]/a.jpg", "private or local address"),
        ("https://[::]/a.jpg", "private or local address"),
        ("https://2130706433/a.jpg", "private or local address"),
        ("https://0x7f.1/a.jpg", "private or local address"),
        ("https://0177.0.0.1/a.jpg", "private or local address"),
        ("https://intranet/a.jpg", "no domain"),
        ("https://x/a.jpg", "no domain"),
        # broken URLs
        ("https://[::1/a.jpg", "unbalanced IPv6 bracket"),
        ("https://::1]/a.jpg", "not a valid URL"),
        ("https://a.example:99999/a.jpg", "port that is not 1-65535"),
        ("https://a.example:-1/a.jpg", "port that is not 1-65535"),
        ("https://a.example:abc/a.jpg", "port that is not 1-65535"),
        ("https://a.example:0/a.jpg", "port 0"),
        ("https://xn--zz.example/a.jpg", "invalid host name"),
        ("https://xn--a.example/a.jpg", "invalid host name"),
        ("https:///a.jpg", "not an https:// URL"),
        ("https://" + "a" * 5000 + ".example/", "characters long"),
        # credentials
        ("https://user:pass@a.example/a.jpg", "user name or password"),
        ("https://token@a.example/a.jpg", "user name or password"),
        ("https://:@a.example/a.jpg", "user name or password"),
        # schemes
        ("http://a.example/a.jpg", "not an https:// URL"),
        ("file:///etc/passwd", "not an https:// URL"),
        ("data:image/png;base64,AAAA", "not an https:// URL"),
        ("javascript:alert(1)", "not an https:// URL"),
        ("//a.example/a.jpg", "not an https:// URL"),
    ],
)
def test_bad_input_urls_are_refused_naming_the_item(url: str, says: str) -> None:
    """Each URL class RunComfy cannot fetch → InputError naming the item and the fix."""
    with pytest.raises(InputError) as caught:
        check_url(url, "image 2")
    message = str(caught.value)
    assert message.startswith("image 2")
    assert says in message
    assert "pass:" not in message
    assert "\x1b" not in message
    assert "\x00" not in message


@pytest.mark.parametrize(
    "url",
    [
        OK,
        "  https://cdn.example.com/a.jpg  ",  # surrounding whitespace is trimmed, not refused
        "https://CDN.Example.COM/A.JPG",
        "https://cdn.example.com:8443/a.jpg",
        "https://res.cloudinary.com/demo/image/upload/w_100,h_100,c_fill/sample.jpg",  # commas in a path
        "https://cdn.example.com/a.jpg?sig=abc&exp=1",
        "https://cdn.example.com/a.jpg?redirect=https://b.example/x",  # a URL as a query value
        "https://cdn.example.com/%E5%86%99%E7%9C%9F.jpg",
        "https://例え.jp/写真.jpg",  # internationalised host and path
        "https://xn--r8jz45g.jp/a.jpg",
        "https://8.8.8.8/a.jpg",
        "https://[2001:4860:4860::8888]/a.jpg",
        "https://cdn.example.com./a.jpg",
        "https://a.example/user@2x.png",  # an @ in the path
    ],
)
def test_public_https_urls_are_accepted(url: str) -> None:
    """Ordinary public https URLs (commas in paths, IDNs, query URLs, public IPs) pass, only trimmed."""
    assert check_url(url, "image 1") == url.strip()


def test_the_message_never_shows_credentials() -> None:
    """A refused URL is quoted without its password."""
    with pytest.raises(InputError) as caught:
        check_url("https://ada:hunter2@a.example/a.jpg", "the mask")
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--image", "https://a.example/1.jpg,https://a.example/2.jpg"], "image 1"),
        (["--image", OK, "--image", "https://localhost/b.jpg"], "image 2"),
        (["--image", OK, "--mask", "https://u:p@a.example/m.png"], "the mask"),
        (["--image", "https://[::1/a.jpg"], "unbalanced IPv6"),
    ],
)
def test_cli_exits_65_naming_the_bad_url(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`plan` with a bad URL exits 65 with one line naming it; no traceback, no credentials."""
    assert main(["plan", "edit it", "--classifier", "rules", *argv]) == 65
    err = capsys.readouterr().err
    assert says in err
    assert "Traceback" not in err
    assert ":p@" not in err
    assert len(err.strip().splitlines()) == 1


_LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12).filter(
    lambda label: not label.isdigit()
)
_PUBLIC_HOST = st.builds(lambda a, b: f"{a}.{b}.com", _LABEL, _LABEL)
_PATH = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_./~%", max_size=40)


@given(st.text(max_size=300))
def test_any_text_is_either_a_url_or_an_input_error(text: str) -> None:
    """Property: for arbitrary text the validator returns or raises InputError, never anything else."""
    try:
        result = check_url(text, "image 1")
    except InputError as exc:
        message = str(exc)
    else:
        message = "image 1"
        assert result.lower().startswith("https://")
        assert not any(c.isspace() for c in result)
    assert message.startswith("image 1")


@given(_PUBLIC_HOST, _PATH)
def test_public_urls_are_always_accepted(host: str, path: str) -> None:
    """Property: https on a public-looking name with any ordinary path is accepted as given."""
    url = f"https://{host}/{path}"
    assert check_url(url, "image 1") == url


@given(_PUBLIC_HOST, _PATH, _PUBLIC_HOST, st.sampled_from([",", " ", ", ", ";", "\n", "|"]))
def test_joined_urls_are_always_refused(host: str, path: str, other: str, sep: str) -> None:
    """Property: two URLs glued by a separator are refused as joined, whatever the hosts and paths."""
    with pytest.raises(InputError, match="several URLs joined"):
        check_url(f"https://{host}/{path}{sep}https://{other}/x.jpg", "image 1")


@given(st.from_regex(r"\A(?:127|10)\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\Z"))
def test_private_ipv4_is_always_refused(address: str) -> None:
    """Property: loopback and 10/8 addresses are never accepted (when they parse as addresses)."""
    with pytest.raises(InputError):
        check_url(f"https://{address}/a.jpg", "image 1")
