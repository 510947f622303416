"""The library's catalogue problems in Danish, for a firm that reads the portal in Danish.

The library words its problems in English (as ``bidkit catalogue check`` prints them) and the
portal stores them so.  When a page is shown in Danish, each message that matches one of the
patterns below is shown in Danish, with the values (the firm's own column titles, cells, SKUs)
kept as they are; any other message is shown as the library wrote it.  The portal's tests make
every pattern meet a real message from the library, so a changed wording is noticed.
"""

from __future__ import annotations

import re

from bidkit.catalogue.contract.headers import DANISH, ENGLISH
from bidkit.catalogue.xlsx.sniff import MESSAGES

SAVE_AS = "gem den som 'Excel-projektmappe (.xlsx)'"
# The file kinds bidkit refuses (bidkit/catalogue/xlsx/sniff.py), by the same keys.
KINDS = {
    "empty": "filen er tom (0 bytes); gem projektmappen igen fra Excel eller LibreOffice og send den igen",
    "truncated": "filen er beskadiget eller ufuldstændig (en afkortet .xlsx); gem projektmappen igen "
                 "og send den igen",
    "xlsm": f"projektmappen indeholder makroer (.xlsm); {SAVE_AS}, for kataloger skal være almindelige "
            "projektmapper",
    "xlsb": f"dette er en binær Excel-projektmappe (.xlsb); {SAVE_AS}",
    "ods": "dette er et OpenDocument-regneark (.ods), som bidkit ikke læser; "
           "gem det som 'Excel 2007-365 (.xlsx)'",
    "docx": "dette er et Word-dokument, ikke et regneark; send prislisten som en Excel-projektmappe (.xlsx)",
    "zip": "dette er et zip-arkiv, ikke en Excel-projektmappe; send selve .xlsx-filen",
    "encrypted": "projektmappen er beskyttet med en adgangskode, så den kan ikke læses; fjern adgangskoden "
                 "(Excel: Filer > Oplysninger > Beskyt projektmappe) og gem den igen",
    "xls": f"dette er en gammel Excel 97-2003-projektmappe (.xls); åbn den og {SAVE_AS}",
    "doc": "dette er et gammelt Word-dokument (.doc), ikke et regneark",
    "ole": f"dette er en Office-fil i gammelt format, ikke en .xlsx-projektmappe; {SAVE_AS}",
    "csv": "dette er en tekstfil (CSV), ikke en projektmappe; et katalog skal have arkene Member og "
           "Components: start fra `bidkit catalogue new` og indsæt rækkerne",
    "html": f"dette er en webside (HTML) gemt med et regnearksnavn; åbn den i Excel og {SAVE_AS}",
    "xml2003": f"dette er en 'XML-regneark 2003'-fil; {SAVE_AS}",
    "pdf": "dette er en PDF, ikke et regneark; send prislisten som en Excel-projektmappe (.xlsx)",
    "text": "dette er en tekstfil, ikke et regneark; send prislisten som en Excel-projektmappe (.xlsx)",
    "other": "dette er ikke et regneark; send prislisten som en Excel-projektmappe (.xlsx)",
}  # fmt: skip

# (English pattern, Danish text); the first that matches the whole message wins.
PATTERNS: tuple[tuple[str, str], ...] = (
    (r"(?P<what>.+) is empty; bids need the country of origin",
     "{what} er tom; bud skal kende oprindelseslandet"),
    (r"(?P<what>.+) is empty", "{what} er tom"),
    (r"(?P<what>.+) '(?P<value>.*)' is not a number", "{what} '{value}' er ikke et tal"),
    (r"(?P<what>.+) is not a finite number", "{what} er ikke et endeligt tal"),
    (r"(?P<what>.+) (?P<value>\S+) is negative", "{what} {value} er negativ"),
    (r"(?P<what>.+) (?P<value>\S+) has fractions of a cent; use whole cents",
     "{what} {value} har brøkdele af en øre; brug hele øre"),
    (r"(?P<what>.+) (?P<value>\S+) is not a whole number of weeks",
     "{what} {value} er ikke et helt antal uger"),
    (r"(?P<what>.+) '(?P<value>.*)' is not a date; write it as YYYY-MM-DD \(2027-06-30\)",
     "{what} '{value}' er ikke en dato; skriv den som ÅÅÅÅ-MM-DD (2027-06-30)"),
    (r"(?P<what>.+) '(?P<value>.*)' appears twice \(first on row (?P<row>\d+)\)",
     "{what} '{value}' står to gange (første gang i række {row})"),
    (r"(?P<what>.+) '(?P<value>.*)' is not on the Components sheet",
     "{what} '{value}' står ikke på arket Components"),
    (r"(?P<what>.+) (?P<value>\S+) is in the past; update the price or the date",
     "{what} {value} er overskredet; opdatér prisen eller datoen"),
    (r"(?P<what>.+) (?P<value>\S+) is more than a year; is it in weeks \(not days\)\?",
     "{what} {value} er mere end et år; er det i uger (ikke dage)?"),
    (r"(?P<what>.+) (?P<value>\S+) is (?P<ratio>\S+) times the median of category '(?P<category>.*)' "
     r"\((?P<median>\S+) (?P<currency>\w+)\); is a decimal separator missing\?",
     "{what} {value} er {ratio} gange medianen i kategorien '{category}' ({median} {currency}); "
     "mangler der et decimaltegn?"),
    (rf"there is no '{ENGLISH['origin_country']}' column; bids need each component's country of origin",
     f"der er ingen kolonne '{DANISH['origin_country']}'; bud skal kende hver komponents oprindelsesland"),
    (r"member (?P<key>\S+) is missing", "medlemsfeltet {key} mangler"),
    (r"currency '(?P<value>.*)' is not an ISO 4217 code \(e\.g\. DKK, EUR\)",
     "valuta '{value}' er ikke en ISO 4217-kode (fx DKK, EUR)"),
    (r"country '(?P<value>.*)' is not an ISO 3166 code \(e\.g\. DK\)",
     "land '{value}' er ikke en ISO 3166-kode (fx DK)"),
    (r"required column\(s\) missing from the header row: (?P<missing>.+)",
     "kolonne(r) mangler i overskriftsrækken: {missing}"),
    (r"no sheet named '(?P<english>\w+)' or '(?P<danish>\w+)' \(sheets found: (?P<found>.*)\)",
     "intet ark med navnet '{english}' eller '{danish}' (ark i filen: {found})"),
    (r"column '(?P<title>.*)' appears twice in the header",
     "kolonnen '{title}' står to gange i overskriftsrækken"),
    (r"this sheet is hidden; it is read like the others", "arket er skjult; det læses som de andre"),
    (r"this column is hidden; its values are read like the others",
     "kolonnen er skjult; dens værdier læses som de andre"),
    (r"the cell shows the error (?P<shown>.+); correct the formula or type the value",
     "cellen viser fejlen {shown}; ret formlen eller skriv værdien"),
    (r"(?P<what>.+) '(?P<value>.*)' is ambiguous: it could be (?P<one>\S+) or (?P<other>\S+); type it as a "
     r"number, or write the decimals too \((?P<example>.*)\)",
     "{what} '{value}' er tvetydig: det kan være {one} eller {other}; skriv det som et tal, eller skriv "
     "decimalerne med ({example})"),
    (r"this formula has no saved result \(the file was written by a program that does not calculate\); "
     r"open the file in Excel or LibreOffice and save it again",
     "formlen har intet gemt resultat (filen er skrevet af et program, der ikke regner); åbn filen i Excel "
     "eller LibreOffice og gem den igen"),
    (r"this cell lies far outside the table: reading the sheet would take (?P<rows>\S+) rows x "
     r"(?P<columns>\S+) columns \(bidkit reads at most (?P<limit>\S+) cells a sheet\); "
     r"delete everything outside the table and save it again",
     "cellen ligger langt uden for tabellen: arket skulle læses med {rows} rækker x {columns} kolonner "
     "(bidkit læser højst {limit} celler i et ark); slet alt uden for tabellen og gem igen"),
    (r"the workbook cannot be read \((?P<reason>.*)\); open it in Excel or LibreOffice and save it again",
     "projektmappen kan ikke læses ({reason}); åbn den i Excel eller LibreOffice og gem den igen"),
    (r"the workbook is saved as 'Strict Open XML Spreadsheet', which bidkit cannot read; "
     r"save it as 'Excel Workbook \(\.xlsx\)'",
     f"projektmappen er gemt som 'Strict Open XML-regneark', som bidkit ikke kan læse; {SAVE_AS}"),
    (r"the file would unpack to (?P<size>.+) \(bidkit reads at most (?P<limit>.+)\); it is refused as a "
     r"possible zip bomb",
     "filen ville fylde {size} udpakket (bidkit læser højst {limit}); den afvises som en mulig zip-bombe"),
    (r"the part '(?P<part>.*)' expands (?P<times>\S+) times when unpacked \(real workbooks: under "
     r"(?P<real>\d+) times; limit (?P<limit>\d+)\); it is refused as a zip bomb",
     "delen '{part}' vokser {times} gange ved udpakning (rigtige projektmapper: under {real} gange; grænse "
     "{limit}); den afvises som en zip-bombe"),
    (r"the part '(?P<part>.*)' contains a document type declaration \(<!DOCTYPE>\), which Office "
     r"never writes and which can hide an XML bomb or read files on this computer; the file is refused",
     "delen '{part}' indeholder en dokumenttypeerklæring (<!DOCTYPE>), som Office aldrig skriver, og som kan "
     "skjule en XML-bombe eller læse filer på denne computer; filen afvises"),
    (r"the zip holds two entries named '(?P<part>.*)'; Office never writes that and readers disagree about "
     r"which one counts, so the file is refused",
     "zip-filen har to dele med navnet '{part}'; det skriver Office aldrig, og læsere er uenige om, hvilken "
     "der gælder, så filen afvises"),
    (r"this catalogue is for member '(?P<file>.*)', but it was uploaded for '(?P<firm>.*)'; "
     r"write '(?P<again>.*)' as the member id",
     "kataloget er til medlem '{file}', men det blev sendt for '{firm}'; skriv '{again}' som medlems-id"),
)  # fmt: skip
_COMPILED = tuple((re.compile(pattern, re.DOTALL), danish) for pattern, danish in PATTERNS)
_KINDS = {MESSAGES[kind]: danish for kind, danish in KINDS.items() if kind in MESSAGES}
# The library names missing columns as the English template does; a Danish page names them as the
# Danish template does (bidkit/catalogue/contract/headers.py).
_TEMPLATE_DANISH = {ENGLISH[field]: DANISH[field] for field in ENGLISH}


def _columns_in_danish(columns: str) -> str:
    return ", ".join(_TEMPLATE_DANISH.get(title, title) for title in columns.split(", "))


def in_danish(message: str) -> str:
    """``message`` in Danish when it is one the portal knows, else as it is."""
    if message in _KINDS:
        return _KINDS[message]
    for pattern, danish in _COMPILED:
        match = pattern.fullmatch(message)
        if match:
            found = match.groupdict()
            if "missing" in found:  # column titles as the English template writes them
                found["missing"] = _columns_in_danish(found["missing"])
            return danish.format(**found)
    return message
