#!/usr/bin/env python3
"""Writes faker_corpus.tsv beside this file: 身份证号 and 银行卡号 made by an outside
generator (Python's `faker`), so the detectors are not only tested against numbers made
by the same reading of the standards as the checks themselves (issue #23).

Run once and commit the result (`pip install faker`; the test never generates data). The
version of faker is written into the file. faker's 身份证号 are birth dates counted back
from today, so a rerun on another day writes other numbers; the cases stay the same.
Columns as in scan_corpus.tsv: expected kinds (comma-separated) or `none`, then the text.

- 身份证号: zh_CN `ssn()`; with its check character changed, `id_card_typo` — also when
  the changed number passes Luhn with a card prefix (甘肃 62, 新疆 65), where it used to be
  taken for a bank card.
- 银行卡号: `credit_card_number()` of every scheme faker knows that is issued in China or
  accepted there; with the Luhn digit changed, nothing.
"""
import datetime
import os

import faker
from faker import Faker
from faker.providers.ssn.zh_CN import Provider as CnSsn

SEED = 23
CN = Faker("zh_CN")
EN = Faker("en_US")
Faker.seed(SEED)
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
PROVINCES = {*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
             *range(61, 66), 71, 81, 82, 83}


def id_check(s17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(s17, ID_W)) % 11]


def luhn(s):
    total = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def real_date(y, m, d):
    try:
        return 1900 <= y and datetime.date(y, m, d) <= datetime.date.today()
    except ValueError:
        return False


def id_shaped(s):
    """Whether the scanner would read `s` as a 身份证号, right or mistyped."""
    if not s[:17].isdigit() or int(s[:2]) not in PROVINCES:
        return False
    if len(s) == 18:
        return real_date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    if len(s) == 15:
        return real_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    return False


def wrong_check(s):
    return CN.random_element([c for c in "0123456789X" if c != s[-1]])


def other_last_digit(s):
    return s[:-1] + CN.random_element([c for c in "0123456789" if c != s[-1]])


def card(fake, scheme):
    """A card of `scheme` that is not also shaped like a 身份证号 (a 15-digit American
    Express 37… with a date in it is an old 身份证号 of 山东 too; the scanner reports the ID
    number, and the case would test neither)."""
    while True:
        c = fake.credit_card_number(scheme)
        # faker draws JCB from all of 35…; JCB's range is 3528–3589.
        if scheme == "jcb16" and not 3528 <= int(c[:4]) <= 3589:
            continue
        if not id_shaped(c) and not id_shaped(other_last_digit(c)):
            return c


def grouped(c):
    return " ".join(c[i:i + 4] for i in range(0, len(c), 4))


cases = []


def add(kinds, text):
    assert "\t" not in text and "\n" not in text
    cases.append((kinds, text))


NAMES = [CN.name() for _ in range(10)]

# ---- 身份证号 ----
for _ in range(30):
    s = CN.ssn()
    add("id_card", f"{CN.random_element(NAMES)}，公民身份号码{s}，住址{CN.city()}。")
for _ in range(30):
    s = CN.ssn()
    add("id_card_typo", f"申请人身份证号：{s[:17]}{wrong_check(s)}")
# mistyped numbers that pass Luhn with a card prefix: still 身份证号, not cards
for province in ["62", "65"]:
    areas = [a for a in CnSsn.area_codes if a.startswith(province)]
    n = 0
    while n < 5:
        s = CN.ssn(area_code=CN.random_element(areas))
        typo = s[:17] + wrong_check(s)
        if typo[-1].isdigit() and luhn(typo):
            add("id_card_typo", f"证件号码{typo}")
            n += 1

# ---- 银行卡号 ----
SCHEMES = [(CN, "unionpay", 12), (CN, "visa", 3), (CN, "mastercard", 3),
           (EN, "visa13", 2), (EN, "visa19", 2), (EN, "mastercard", 4), (EN, "amex", 4),
           (EN, "discover", 3), (EN, "diners", 3), (EN, "jcb16", 3)]
for fake, scheme, count in SCHEMES:
    for k in range(count):
        c = card(fake, scheme)
        text = grouped(c) if k % 2 else c
        add("bank_card", f"{CN.random_element(NAMES)}的银行卡号{text}")
        add("none", f"合同编号{other_last_digit(c)}")

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "faker_corpus.tsv"), "w", encoding="utf-8") as f:
    f.write("# kinds\ttext — written by gen_faker_corpus.py with faker "
            f"{faker.VERSION} (seed {SEED}) on {datetime.date.today()}; cases for tests/scan.rs\n")
    for kinds, text in cases:
        f.write(f"{kinds}\t{text}\n")
print(len(cases), "cases")
