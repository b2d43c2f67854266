"""Hardened XML parsing: hostile documents are refused, broken ones named by line and column, nothing is fetched."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from termkit.errors import TermkitError
from termkit.formats import xmlsafe

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>
"""


def _write(tmp_path: Path, data: bytes, name: str = "in.xml") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _both(path: Path) -> list[str]:
    """Messages from whole-document and incremental parsing of the same file."""
    messages = []
    with pytest.raises(TermkitError) as exc:
        xmlsafe.parse(path)
    messages.append(str(exc.value))
    with pytest.raises(TermkitError) as exc:
        list(xmlsafe.iterparse(path))
    messages.append(str(exc.value))
    return messages


def test_billion_laughs_is_refused(tmp_path):
    for msg in _both(_write(tmp_path, BILLION_LAUGHS)):
        assert "billion" in msg and "refus" in msg  # refused by our DOCTYPE check or libxml2's amplification limit
        assert "lollollol" not in msg


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/secret"])
def test_external_entity_is_refused(tmp_path, url):
    data = f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY xxe SYSTEM "{url}">]><tmx>&xxe;</tmx>'.encode()
    for msg in _both(_write(tmp_path, data)):
        assert "XXE" in msg and "root:" not in msg


def test_parameter_entity_is_refused(tmp_path):
    data = b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY % pe SYSTEM "file:///etc/passwd"> %pe;]><tmx/>'
    for msg in _both(_write(tmp_path, data)):
        assert "declares entities" in msg


def test_nothing_is_fetched_from_the_network(tmp_path):
    """An external DTD and an external entity pointing at a live local server: no connection is made."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.3)
    port = server.getsockname()[1]
    try:
        dtd = _write(tmp_path, f'<!DOCTYPE tmx SYSTEM "http://127.0.0.1:{port}/tmx14.dtd"><tmx>x</tmx>'.encode())
        assert xmlsafe.parse(dtd).getroot().text == "x"
        assert [e.tag for _, e in xmlsafe.iterparse(dtd)] == ["tmx"]
        ent = _write(tmp_path, f'<!DOCTYPE tmx [<!ENTITY e SYSTEM "http://127.0.0.1:{port}/e">]><tmx>&e;</tmx>'
                     .encode(), "ent.xml")
        _both(ent)
        with pytest.raises(TimeoutError):
            server.accept()
    finally:
        server.close()


def test_external_dtd_is_not_loaded(tmp_path):
    """TMX files name tmx14.dtd; it need not exist and is never read (its entities are not needed)."""
    p = _write(tmp_path, b'<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">a &amp; b</tmx>')
    assert xmlsafe.parse(p).getroot().text == "a & b"


def test_truncated_file_names_line_and_column(tmp_path):
    p = _write(tmp_path, b'<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="en"><seg>Hel')
    for msg in _both(p):
        assert msg.startswith(f"{p}:4:")
        col = msg.split(":")[2]
        assert int(col) > 1
        assert "truncated" in msg


def test_mismatched_tags_name_line_and_column(tmp_path):
    p = _write(tmp_path, b"<tmx>\n  <body>\n  </tmx>\n")
    msg = _both(p)[0]
    assert msg.startswith(f"{p}:3:") and "not well-formed" in msg


def test_plain_text_is_not_xml(tmp_path):
    p = _write(tmp_path, "香港特别行政区政府今日宣布。\n".encode())
    for msg in _both(p):
        assert "not an XML file" in msg and msg.startswith(f"{p}:1:1:")


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(TermkitError, match="no such file"):
        xmlsafe.parse(tmp_path / "absent.tmx")
    empty = _write(tmp_path, b"")
    with pytest.raises(TermkitError, match="empty"):
        list(xmlsafe.iterparse(empty))
    with pytest.raises(TermkitError, match="directory"):
        list(xmlsafe.iterparse(tmp_path))


def test_utf16_documents_are_read(tmp_path):
    """Trados writes TMX in UTF-16; the declared encoding is honoured."""
    p = _write(tmp_path, '<?xml version="1.0" encoding="UTF-16"?><tmx>香港</tmx>'.encode("utf-16"))
    assert xmlsafe.parse(p).getroot().text == "香港"
