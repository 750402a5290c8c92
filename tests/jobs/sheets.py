"""Spreadsheets for the job tests: N projects with ids, titles, dates, budgets and leads."""

HEADER = "Projekt-ID;Projekttitel;Startdato;Slutdato;Budget;Kontraktansvarlig partner\n"


def projects_csv(rows: int, prefix: str = "P") -> bytes:
    lines = [HEADER]
    lines += [
        f"{prefix}{n};Projekt nummer {n};01.01.2020;31.12.2021;{1000000 + n};Kommune {n % 50}\n"
        for n in range(1, rows + 1)
    ]
    return "".join(lines).encode("utf-8")


def sheet_params(name: str = "tilskud.csv", focus_area=None) -> dict:
    return {
        "name": name,
        "kind": "csv",
        "mapping": {
            "name": "tilskud",
            "columns": {
                "external_id": "Projekt-ID",
                "title": "Projekttitel",
                "start": "Startdato",
                "end": "Slutdato",
                "budget": "Budget",
                "lead": "Kontraktansvarlig partner",
            },
            "options": {"fund": "erdf"},
        },
        "currency": "DKK",
        "focus_area": focus_area.pk if focus_area else None,
    }
