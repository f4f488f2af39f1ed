#!/usr/bin/env python3
"""Writes random tokenizer cases, answered by openai/CLIP's own code, for ClipTokenizerDifferentialTest.

    PYTHONPATH=/path/to/openai/CLIP python3 gen_tokenizer_cases.py OUT.jsonl [N] [SEED]

Needs the environment the reference fixtures were made with: CPython 3.11, ftfy 6.3.1 and regex
2022.10.31, plus openai/CLIP's `clip/simple_tokenizer.py` importable (its bpe file beside it).
Each line: {"text", "clean_text" (= whitespace_clean(basic_clean(text)).lower()), "encode"}.

The texts stress what the Java port re-implements: mojibake through every code page ftfy tries
(one or two layers, partial, with bytes lost to '?' or U+FFFD, NBSP turned into spaces, CESU-8
and Java-style NUL), HTML entities before and after a '<' line, controls, quotes, ligatures,
widths, and code points from every plane.
"""
import json
import random
import sys

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-* codecs used to make mojibake)
from clip.simple_tokenizer import SimpleTokenizer, basic_clean, whitespace_clean

WORDS = ("a photo of the cat dog beach café naïve résumé über straße Zürich Ærøskøbing œuvre façade "
         "jalapeño São Paulo Kraków Łódź Dvořák Şişli İstanbul Москва Αθήνα Σίσυφος 東京 서울 ツ "
         "😀 🍕 ❤️ 👍🏽 🇯🇵 ☕ it's don't we'll I'd they're o'clock € £ © ™ ½ µm °C – — … “a” ‘b’").split()
SYMBOLS = (list("abcxyzABCXYZ0189 \t\n\r.,;:!?'\"()<>/\\|@#$%^&*-_+=~`")
           + list("àéîõüçñßÀÉÎÕÜÇÑĀăąćčđęěğīįıķĺľłńňőœŕřśşšţťůűųźżžſƒΣσςάΐЂѓєІјљћґ中文한국어カナｶﾀ１Ａａ！，　")
           + list("€‚„…†‡ˆ‰‹›‘’“”•–—˜™¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷¡")
           + list("\u0300\u0301\u0308\u0345\u200b\u200d\u2028\u2029\u00a0\u0085\u0080\u0081\u008d\u0093\u0094"
                  "\u009d\u0007\u0000\u000b\u000c\u001b\u001c\u007f\ufeff\ufffd\ue000\u206a\ufff9\u02bc\u201b\u3000\u1680")
           + list("ﬁﬂﬀﬃﬄﬅﬆĲĳŉǄǅǆǇǈǉǊǋǌǱǲǳ")
           + ["𝒜", "𝟘", "𠀀", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "\U0001e030", "\U0001d2c0", "&amp;", "&lt;", "&#x41;", "&#128512;",
              "&#0;", "&#x80;", "&#150;", "&notit;", "&copy", "&AMP;", "&EACUTE;", "&SZLIG;", "&amp;amp;",
              "&#xD800;", "&#1114112;", "&nbsp;", "&#65a;", "<b>", "<|endoftext|>", "<|startoftext|>",
              "<|ſtartoftext|>", "'ſ", "'S", "'ll", "\x1b[31m", "\r\n"])
CODE_PAGES = ["latin-1", "sloppy-windows-1252", "sloppy-windows-1251", "sloppy-windows-1250",
              "sloppy-windows-1253", "sloppy-windows-1254", "sloppy-windows-1257", "iso-8859-2",
              "macroman", "cp437"]


def cesu8(text):
    out = b""
    for ch in text:
        c = ord(ch)
        if c >= 0x10000:
            c -= 0x10000
            for unit in (0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF)):
                out += chr(unit).encode("utf-8", "surrogatepass")
        elif c == 0:
            out += b"\xc0\x80"
        else:
            out += ch.encode("utf-8")
    return out


def mojibake(rnd):
    text = rnd.choice(["", " ", "-", "\n"]).join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 6)))
    raw = cesu8(text) if rnd.random() < 0.3 else text.encode("utf-8")
    if rnd.random() < 0.2:
        raw += b" " + rnd.choice([b"\xc0\x80", b"\xed\xa0\x80", b"\xed\xa0\xbd\xed\xb8\x80", b"\xc3", b"\xe2\x80"])
    try:
        text = raw.decode(rnd.choice(CODE_PAGES), errors=rnd.choice(["strict", "replace"]))
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    roll = rnd.random()
    if roll < 0.2:
        text = text.replace("\xa0", " ")
    elif roll < 0.3 and text:
        text = text.replace(rnd.choice(text), "?", 1)
    elif roll < 0.35 and text:
        text = text.replace(rnd.choice(text), "\ufffd", 1)
    if rnd.random() < 0.3:
        text = rnd.choice(["The ", "x", "é ", "<b> ", "&amp; "]) + text + rnd.choice(["", " end", "\n", " ™", "Ã"])
    if rnd.random() < 0.2:
        text = text.encode("utf-8").decode(rnd.choice(CODE_PAGES), errors="replace")
    return text


def symbols(rnd):
    return "".join(rnd.choice(SYMBOLS + WORDS) for _ in range(rnd.randint(0, 30)))


def code_points(rnd):
    def one():
        roll = rnd.random()
        c = rnd.randint(0x80, 0xFFFF) if roll < 0.5 else rnd.randint(0x10000, 0x3FFFF) if roll < 0.75 else rnd.randint(0, 0x10FFFF)
        return chr(0x41 if 0xD800 <= c <= 0xDFFF else c)
    return "".join(one() for _ in range(rnd.randint(1, 12)))


def main(out_path, count, seed):
    rnd = random.Random(seed)
    tokenizer = SimpleTokenizer()
    makers = [mojibake, symbols, code_points]
    with open(out_path, "w", encoding="utf-8") as out:
        for i in range(count):
            text = makers[i % len(makers)](rnd)
            record = {
                "text": text,
                "clean_text": whitespace_clean(basic_clean(text)).lower(),
                "encode": tokenizer.encode(text),
            }
            out.write(json.dumps(record, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1200, int(sys.argv[3]) if len(sys.argv) > 3 else 20240607)
