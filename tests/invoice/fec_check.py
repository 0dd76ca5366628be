#!/usr/bin/env python3
"""tests/invoice/fec_check.py FILE: checks a FEC against the rules of article A47 A-1 of the
Livre des procédures fiscales, independently of the code that writes it.

  * the first line names the 18 fields in the norm's order; fields separated by a tab; every
    line has 18 fields; the file is ASCII / ISO 8859-15 (no byte that is not Latin-9 text);
  * mandatory fields present (JournalCode, JournalLib, EcritureNum, EcritureDate, CompteNum,
    CompteLib, PieceRef, PieceDate, EcritureLib, ValidDate); dates AAAAMMJJ and real dates;
    Debit and Credit amounts with a decimal comma, not negative, one of them zero;
  * CompAuxNum and CompAuxLib go together; EcritureLet and DateLet go together;
  * entries (rows sharing EcritureNum) are contiguous, each with one date, one journal;
    entries in chronological order (EcritureDate never decreases); EcritureNum continuous
    (the integers n, n+1, n+2... in the order of the file, whatever the journal);
  * every entry balances, the file balances; every lettering code balances on its account.
Prints one line per finding and "FEC OK: N lines, M entries" at the end; exits 1 on a finding."""
import datetime
import re
import sys
from collections import defaultdict

HEADER = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
          "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
          "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise"]
MANDATORY = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
             "PieceRef", "PieceDate", "EcritureLib", "ValidDate"]
AMOUNT = re.compile(r"^[0-9]+(,[0-9]{1,2})?$")


def cents(s):
    whole, _, frac = s.partition(",")
    return int(whole) * 100 + int((frac + "00")[:2])


def real_date(s):
    try:
        return len(s) == 8 and s.isdigit() and datetime.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return None


def main(path):
    data = open(path, "rb").read()
    findings = []
    if any(b < 0x20 and b not in (9, 10, 13) for b in data) or any(0x80 <= b < 0xA0 for b in data):
        findings.append("bytes outside ASCII / ISO 8859-15 text")
    lines = data.decode("iso-8859-15").replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != HEADER:
        findings.append("line 1: the header is not the 18 fields of the norm in order")
    entries = []  # [(num, date, journal, debit, credit)]
    index = {}
    total_d = total_c = 0
    letters = defaultdict(lambda: [0, 0])
    prev_num = prev_date = None
    for n, line in enumerate(lines[1:], start=2):
        f = line.split("\t")
        if len(f) != 18:
            findings.append(f"line {n}: {len(f)} fields, not 18")
            continue
        r = dict(zip(HEADER, f))
        for k in MANDATORY:
            if not r[k].strip():
                findings.append(f"line {n}: {k} empty")
        for k in ("EcritureDate", "PieceDate", "ValidDate"):
            if not real_date(r[k]):
                findings.append(f"line {n}: {k} {r[k]!r} is not a date AAAAMMJJ")
        if r["DateLet"] and not real_date(r["DateLet"]):
            findings.append(f"line {n}: DateLet {r['DateLet']!r} is not a date AAAAMMJJ")
        if bool(r["CompAuxNum"]) != bool(r["CompAuxLib"]):
            findings.append(f"line {n}: CompAuxNum and CompAuxLib go together")
        if bool(r["EcritureLet"]) != bool(r["DateLet"]):
            findings.append(f"line {n}: EcritureLet and DateLet go together")
        if not AMOUNT.match(r["Debit"]) or not AMOUNT.match(r["Credit"]):
            findings.append(f"line {n}: amounts {r['Debit']!r} / {r['Credit']!r} are not 0,00-style amounts")
            continue
        d, c = cents(r["Debit"]), cents(r["Credit"])
        if d and c:
            findings.append(f"line {n}: both a debit and a credit")
        total_d += d
        total_c += c
        if r["EcritureLet"]:
            key = (r["CompteNum"], r["CompAuxNum"], r["EcritureLet"])
            letters[key][0] += d
            letters[key][1] += c
        num = r["EcritureNum"]
        if num != prev_num:
            if num in index:
                findings.append(f"line {n}: entry {num} is not contiguous")
            if not num.isdigit():
                findings.append(f"line {n}: EcritureNum {num!r} is not a number")
            elif prev_num is not None and prev_num.isdigit() and int(num) != int(prev_num) + 1:
                findings.append(f"line {n}: EcritureNum {num} does not follow {prev_num} (continuity)")
            if prev_date and r["EcritureDate"] < prev_date:
                findings.append(f"line {n}: entry {num} of {r['EcritureDate']} after one of {prev_date} (chronological order)")
            index[num] = len(entries)
            entries.append([num, r["EcritureDate"], r["JournalCode"], 0, 0])
            prev_num, prev_date = num, r["EcritureDate"]
        e = entries[index[num]]
        if (e[1], e[2]) != (r["EcritureDate"], r["JournalCode"]):
            findings.append(f"line {n}: entry {num} has more than one date or journal")
        e[3] += d
        e[4] += c
    for num, _, _, d, c in entries:
        if d != c:
            findings.append(f"entry {num}: debit {d} != credit {c}")
    if total_d != total_c:
        findings.append(f"the file does not balance: debit {total_d} != credit {total_c}")
    for (acc, aux, code), (d, c) in sorted(letters.items()):
        if d != c:
            findings.append(f"lettering {code} on {acc} {aux}: debit {d} != credit {c}")
    for f in findings[:50]:
        print(f)
    if findings:
        print(f"FEC BAD: {len(findings)} finding(s)")
        return 1
    print(f"FEC OK: {len(lines) - 1} lines, {len(entries)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
