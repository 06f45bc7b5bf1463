"""Other layouts of our extracts: the Standard Safeguarding Dataset (SSD) tables, read as exported.

The SSD column lists below are copied from the published DDL reference of
``data-to-insight/ssd-data-model`` (``analysis/ddl_reference/ddl_compare_column_matrix.csv``, the
Liquidlogic (SystemC) ordinals), not from our layout declarations, so a declaration that drifts
from the published tables fails here. For each table the same records are written twice, once in
the SSD layout (its headers, codes, ISO date-times, JSON outcome flags) and once in our own, and
both must give exactly the same typed rows and exactly the same indicator series.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from indicator_helpers import import_texts, series
from looked_after_cases import FILES as LAC_FILES
from looked_after_cases import OWN_FILES as LAC_OWN_FILES
from looked_after_cases import SSD_COLUMNS as LAC_COLUMNS
from looked_after_cases import SSD_FILES as LAC_SSD_FILES
from looked_after_cases import SSD_TABLES as LAC_TABLES

from pipelines.extracts import EXTRACT_TYPES
from pipelines.ingest import RejectedFile, prepare
from pipelines.ingest.problems import iter_problems
from pipelines.layouts import LAYOUTS
from pipelines.presentation.i18n import use_language

# Published column lists (SSD DDL reference, Liquidlogic ordinals).
PUBLISHED = {
    "ssd_contacts": (
        "cont_contact_id",
        "cont_person_id",
        "cont_contact_date",
        "cont_contact_source_code",
        "cont_contact_source_desc",
        "cont_contact_outcome_json",
    ),
    "ssd_cin_assessments": (
        "cina_assessment_id",
        "cina_person_id",
        "cina_referral_id",
        "cina_assessment_start_date",
        "cina_assessment_child_seen",
        "cina_assessment_auth_date",
        "cina_assessment_outcome_json",
        "cina_assessment_outcome_nfa",
        "cina_assessment_team",
        "cina_assessment_worker_id",
    ),
    "ssd_involvements": (
        "invo_involvements_id",
        "invo_professional_id",
        "invo_professional_role_id",
        "invo_professional_team",
        "invo_person_id",
        "invo_involvement_start_date",
        "invo_involvement_end_date",
        "invo_worker_change_reason",
        "invo_referral_id",
    ),
    "ssd_professionals": (
        "prof_professional_id",
        "prof_staff_id",
        "prof_professional_name",
        "prof_social_worker_registration_no",
        "prof_agency_worker_flag",
        "prof_professional_job_title",
        "prof_professional_caseload",
        "prof_professional_department",
        "prof_full_time_equivalency",
    ),
}


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def ssd_file(table: str, extra: list[str], rows: list[list[str]]) -> str:
    """An SSD export: the table's published columns in order, then our added columns."""
    return _csv([*PUBLISHED[table], *extra], rows)


def flags(*set_flags: str, table: str = "contact") -> str:
    """An SSD outcome object with every key of the standard present, the given ones set to Y."""
    keys = {
        "contact": (
            "NEW_REFERRAL_FLAG",
            "EXISTING_REFERRAL_FLAG",
            "CP_ENQUIRY_FLAG",
            "NFA_FLAG",
            "NON_AGENCY_ADOPTION_FLAG",
            "PRIVATE_FOSTERING_FLAG",
            "ADVICE_FLAG",
            "MISSING_FLAG",
            "OLA_CP_FLAG",
            "OTHER_OUTCOMES_EXIST_FLAG",
        ),
        "assessment": (
            "NFA_FLAG",
            "NFA_S47_END_FLAG",
            "STRATEGY_DISCUSSION_FLAG",
            "CLA_REQUEST_FLAG",
            "PRIVATE_FOSTERING_FLAG",
            "LEGAL_ACTION_FLAG",
            "PROV_OF_SERVICES_FLAG",
            "PROV_OF_SB_CARE_FLAG",
            "SPECIALIST_ASSESSMENT_FLAG",
            "REFERRAL_TO_OTHER_AGENCY_FLAG",
            "OTHER_ACTIONS_FLAG",
            "OTHER_OUTCOMES_EXIST_FLAG",
        ),
    }[table]
    body = ", ".join(f'"{k}": "{"Y" if k in set_flags else "N"}"' for k in keys)
    return "{" + body + "}"


# The same records, in each layout. Our own files use our headers, labels and dd/mm/yyyy.
OURS = {
    "contacts": """Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team
C1,K1,04/03/2024 09:30,Police,04/03/2024 15:00,Strategy discussion,IAA Hub
C2,K2,04/03/2024 10:00,Health,06/03/2024 09:00,No further action,IAA Hub
C3,K3,05/03/2024 11:15,Education,05/03/2024 16:00,Assessment,IAA Hub
C4,K1,06/03/2024 08:05,Self/family,07/03/2024 12:00,Information and advice,IAA Hub
C5,K4,07/03/2024 14:40,Local authority,,,IAA Hub
C6,K5,08/03/2024 09:00,Other,11/03/2024 10:00,Assessment,IAA Hub
C7,K6,11/03/2024 09:00,Local authority,11/03/2024 13:00,No further action,IAA Hub
""",
    "assessments": """Assessment ID,Child ID,Referral Date,Start Date,Completed Date,Outcome,Team,\
Worker ID,Child Seen,Child Seen Alone
A1,K1,04/03/2024,05/03/2024,15/03/2024,Child protection,North,W1,Yes,Yes
A2,K3,05/03/2024,05/03/2024,12/04/2024,Care and support plan,North,W1,Yes,No
A3,K5,11/03/2024,12/03/2024,,,South,W2,,
A4,K6,11/03/2024,11/03/2024,20/03/2024,No further action,South,,No,
A5,K7,12/03/2024,13/03/2024,21/03/2024,Looked after,South,W2,Yes,Yes
""",
    "allocations": """Allocation ID,Child ID,Worker ID,Team,Case Type,PLO,Allocated From,Allocated To
AL1,K1,W1,North,Child protection,No,15/03/2024,
AL2,K3,W1,North,Care and support,No,12/03/2024,02/04/2024
AL3,K5,,South,Care and support,No,12/03/2024,
AL4,K7,W2,South,Looked after,Yes,21/03/2024,
""",
    "workers": """Worker ID,Team,Role,Employment,FTE,Qualified Date,Start Date,Leaving Date
W1,North,Social worker,Permanent,1,01/09/2023,01/09/2023,
W2,South,Senior practitioner,Agency,0.8,01/07/2015,01/01/2020,
W3,South,Team manager,Permanent,1,,01/01/2015,
""",
}

# fmt: off
SSD = {
    "contacts": ssd_file(
        "ssd_contacts",
        ["Decision At", "Team"],
        [
            ["C1", "K1", "2024-03-04 09:30:00.000", "6", "POLICE", flags("CP_ENQUIRY_FLAG"),
             "2024-03-04 15:00:00", "IAA Hub"],
            ["C2", "K2", "2024-03-04 10:00:00.000", "3A", "GP", flags("NFA_FLAG"),
             "2024-03-06 09:00:00", "IAA Hub"],
            ["C3", "K3", "2024-03-05 11:15:00.000", "2A", "SCHOOLS", flags("NEW_REFERRAL_FLAG"),
             "2024-03-05 16:00:00", "IAA Hub"],
            ["C4", "K1", "2024-03-06 08:05:00.000", "1C", "SELF", flags("ADVICE_FLAG"),
             "2024-03-07 12:00:00", "IAA Hub"],
            ["C5", "K4", "2024-03-07 14:40:00.000", "5a", "LA SOCIAL CARE", flags(), "", "IAA Hub"],
            ["C6", "K5", "2024-03-08 09:00:00.000", "8", "OTHER", flags("EXISTING_REFERRAL_FLAG"),
             "2024-03-11 10:00:00", "IAA Hub"],
            ["C7", "K6", "2024-03-11 09:00:00.000", "4", "HOUSING", flags("NFA_FLAG"),
             "2024-03-11 13:00:00", "IAA Hub"],
        ],
    ),
    "assessments": ssd_file(
        "ssd_cin_assessments",
        ["Referral Date", "Child Seen Alone"],
        [
            ["A1", "K1", "R1", "2024-03-05 00:00:00", "Y", "2024-03-15 16:20:00",
             flags("STRATEGY_DISCUSSION_FLAG", "NFA_S47_END_FLAG", table="assessment"), "N",
             "North", "W1", "04/03/2024", "Yes"],
            ["A2", "K3", "R2", "2024-03-05 09:00:00", "Y", "2024-04-12 00:00:00",
             flags("PROV_OF_SERVICES_FLAG", table="assessment"), "N", "North", "W1",
             "05/03/2024", "No"],
            ["A3", "K5", "R3", "2024-03-12 00:00:00", "", "", "", "", "South", "W2",
             "11/03/2024", ""],
            ["A4", "K6", "R4", "2024-03-11 00:00:00", "N", "2024-03-20 00:00:00",
             flags("NFA_FLAG", table="assessment"), "Y", "South", "", "11/03/2024", ""],
            ["A5", "K7", "R5", "2024-03-13 00:00:00", "Y", "2024-03-21 00:00:00",
             flags("CLA_REQUEST_FLAG", "PROV_OF_SERVICES_FLAG", table="assessment"), "N",
             "South", "W2", "12/03/2024", "Yes"],
        ],
    ),
    "allocations": ssd_file(
        "ssd_involvements",
        ["Case Type", "PLO"],
        [
            ["AL1", "W1", "Allocated Social Worker", "North", "K1", "2024-03-15 00:00:00", "",
             "", "R1", "Child protection", "No"],
            ["AL2", "W1", "Allocated Social Worker", "North", "K3", "2024-03-12 10:00:00",
             "2024-04-02 17:00:00", "LEFTRL", "R2", "Care and support", "No"],
            ["AL3", "", "Team", "South", "K5", "2024-03-12 00:00:00", "", "", "R3",
             "Care and support", "No"],
            ["AL4", "W2", "Allocated Social Worker", "South", "K7", "2024-03-21 00:00:00", "",
             "", "R5", "Looked after", "Yes"],
        ],
    ),
    "workers": ssd_file(
        "ssd_professionals",
        ["Start Date", "Qualified Date"],
        [
            ["W1", "S1", "Synthetic Name One", "SW100001", "N", "Social Worker", "12", "North",
             "1", "01/09/2023", "01/09/2023"],
            ["W2", "S2", "Synthetic Name Two", "SW100002", "Y", "senior practitioner", "18",
             "South", "0.8", "01/01/2020", "01/07/2015"],
            ["W3", "S3", "Synthetic Name Three", "", "N", "Team Manager", "0", "South", "1",
             "01/01/2015", ""],
        ],
    ),
}
TABLES = {"contacts": "ssd_contacts", "assessments": "ssd_cin_assessments",
          "allocations": "ssd_involvements", "workers": "ssd_professionals"}
# fmt: on


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_layout_source_is_a_published_ssd_column() -> None:
    for name, layout in LAYOUTS.items():
        if name in PUBLISHED:
            assert [s.header for s in layout.sources] == list(PUBLISHED[name]), name


def test_every_layout_fills_the_contract_or_says_what_to_add() -> None:
    for layout in LAYOUTS.values():
        extract = EXTRACT_TYPES[layout.extract]
        filled = {s.column for s in layout.sources} | set(layout.constants)
        for column in extract.required_columns:
            assert column in filled or column in layout.required_extensions, (layout.name, column)


@pytest.mark.parametrize("extract_name", list(TABLES))
def test_an_ssd_export_gives_the_same_rows_as_our_layout(tmp_path: Path, extract_name: str) -> None:
    ours = prepare(write(tmp_path, "ours.csv", OURS[extract_name]))
    theirs = prepare(write(tmp_path, "ssd.csv", SSD[extract_name]))
    assert theirs.extract.name == extract_name
    assert theirs.frame.equals(ours.frame)
    assert f"table '{TABLES[extract_name]}'" in theirs.warnings["reason"][0]


def test_ssd_exports_give_exactly_the_figures_of_our_layout(tmp_path: Path) -> None:
    ours = tmp_path / "ours" / "store.duckdb"
    theirs = tmp_path / "ssd" / "store.duckdb"
    import_texts(ours, tmp_path / "ours", {f"{k}.csv": v for k, v in OURS.items()})
    import_texts(theirs, tmp_path / "ssd", {f"{k}.csv": v for k, v in SSD.items()})
    expected = series(ours)
    assert expected.height > 50  # several families over several months (warm-ups trim the first)
    assert series(theirs).equals(expected)


def test_names_are_never_read(tmp_path: Path) -> None:
    prepared = prepare(write(tmp_path, "ssd.csv", SSD["workers"]))
    assert "Synthetic Name One" not in prepared.frame.to_pandas().to_string()
    reasons = prepared.warnings["reason"].to_list()
    assert any("'prof_professional_name' was not read: names are never" in r for r in reasons)


def _problems(path: Path, extract_type: str | None = None) -> list[str]:
    with pytest.raises(RejectedFile) as info:
        prepare(path, extract_type)
    return [p.describe() for p in iter_problems(info.value.errors)]


def test_a_code_the_layout_does_not_know_names_the_row_column_and_value(tmp_path: Path) -> None:
    text = SSD["contacts"].replace(',"3A",', ",3Z,").replace(",3A,", ",3Z,")
    assert ",3Z," in text
    messages = _problems(write(tmp_path, "ssd.csv", text))
    assert messages == [
        "Row 3, column 'cont_contact_source_code', value '3Z': this is not one of the codes we "
        "read in this column. Use a DfE contact source code (1A-1D, 2A-2B, 3A-3F, 4, 5A-5D, "
        "6-10)."
    ]


def test_an_outcome_with_no_equivalent_is_rejected_not_guessed(tmp_path: Path) -> None:
    def quoted(text: str) -> str:
        return text.replace('"', '""')

    text = SSD["contacts"].replace(
        quoted(flags("ADVICE_FLAG")), quoted(flags("PRIVATE_FOSTERING_FLAG"))
    )
    messages = _problems(write(tmp_path, "ssd.csv", text))
    assert len(messages) == 1
    assert messages[0].startswith("Row 5, column 'cont_contact_outcome_json', value '{")
    assert "the outcome PRIVATE_FOSTERING_FLAG has no equivalent among our outcomes" in messages[0]


def test_what_wales_needs_beyond_the_ssd_is_asked_for(tmp_path: Path) -> None:
    lines = SSD["assessments"].splitlines()
    text = "\n".join(",".join(next(csv.reader([line]))[:-2]) for line in lines[:1])
    rows = [next(csv.reader([line]))[:-2] for line in lines[1:]]
    path = write(tmp_path, "ssd.csv", _csv(text.split(","), rows))
    messages = _problems(path)
    assert len(messages) == 1
    assert messages[0].startswith(
        "Row 1, column 'Referral Date': the Standard Safeguarding Dataset (SSD) table "
        "'ssd_cin_assessments' has no column for 'Referral Date', which Wales needs: the Welsh "
        "42-working-day measure (PM24) runs from the referral date"
    )


def test_an_unknown_column_in_an_ssd_export_is_rejected(tmp_path: Path) -> None:
    text = SSD["allocations"].replace("PLO\n", "PLO,Notes\n", 1)
    text = "\n".join(
        line + ("" if i == 0 else ",x") for i, line in enumerate(text.strip().splitlines())
    )
    messages = _problems(write(tmp_path, "ssd.csv", text + "\n"))
    assert len(messages) == 1
    assert (
        "'Notes' is not a column of the Standard Safeguarding Dataset (SSD) table " in messages[0]
    )


def test_a_missing_ssd_column_is_named_as_exported(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(SSD["workers"])))
    drop = rows[0].index("prof_professional_department")
    text = _csv(
        *(lambda r: (r[0], r[1:]))([[c for i, c in enumerate(r) if i != drop] for r in rows])
    )
    messages = _problems(write(tmp_path, "ssd.csv", text))
    assert messages == [
        "Row 1, column 'prof_professional_department': the required column "
        "'prof_professional_department' is missing from this export of the Standard Safeguarding "
        "Dataset (SSD) table 'ssd_professionals'. Export the 'prof_professional_department' "
        "column too (see docs/data-dictionary.md)."
    ]


def test_choosing_another_type_for_an_ssd_export_is_refused(tmp_path: Path) -> None:
    messages = _problems(write(tmp_path, "ssd.csv", SSD["workers"]), "contacts")
    assert messages == [
        "Row 1: you chose 'contacts' but this is the Standard Safeguarding Dataset (SSD) table "
        "'ssd_professionals', which is read as the 'workers' extract. Import it as 'workers', or "
        "choose the right file for 'contacts'."
    ]


def test_headers_are_matched_ignoring_case(tmp_path: Path) -> None:
    upper = SSD["allocations"].replace("invo_", "INVO_")
    prepared = prepare(write(tmp_path, "ssd.csv", upper), "allocations")
    expected = prepare(write(tmp_path, "ours.csv", OURS["allocations"])).frame
    assert prepared.frame.equals(expected)


def test_the_dictionary_lists_every_layout() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "data-dictionary.md").read_text()
    for name, layout in LAYOUTS.items():
        assert f"table `{name}`" in text
        for source in layout.sources:
            assert f"`{source.header}`" in text
    assert pl.DataFrame({"layouts": list(LAYOUTS)}).height == len(LAYOUTS)


# ------------------------------------------------------------------ the child protection tables

PUBLISHED_CP = {
    "ssd_s47_enquiry": (
        "s47e_s47_enquiry_id",
        "s47e_referral_id",
        "s47e_person_id",
        "s47e_s47_start_date",
        "s47e_s47_end_date",
        "s47e_s47_nfa",
        "s47e_s47_outcome_json",
        "s47e_s47_completed_by_team",
        "s47e_s47_completed_by_worker_id",
    ),
    "ssd_initial_cp_conference": (
        "icpc_icpc_id",
        "icpc_icpc_meeting_id",
        "icpc_s47_enquiry_id",
        "icpc_person_id",
        "icpc_cp_plan_id",
        "icpc_referral_id",
        "icpc_icpc_transfer_in",
        "icpc_icpc_target_date",
        "icpc_icpc_date",
        "icpc_icpc_outcome_cp_flag",
        "icpc_icpc_outcome_json",
        "icpc_icpc_team",
        "icpc_icpc_worker_id",
    ),
    "ssd_cp_reviews": (
        "cppr_cp_review_id",
        "cppr_person_id",
        "cppr_cp_plan_id",
        "cppr_cp_review_due",
        "cppr_cp_review_date",
        "cppr_cp_review_meeting_id",
        "cppr_cp_review_outcome_continue_cp",
        "cppr_cp_review_quorate",
        "cppr_cp_review_participation",
    ),
    "ssd_cp_plans": (
        "cppl_cp_plan_id",
        "cppl_referral_id",
        "cppl_icpc_id",
        "cppl_person_id",
        "cppl_cp_plan_start_date",
        "cppl_cp_plan_end_date",
        "cppl_cp_plan_ola",
        "cppl_cp_plan_initial_category",
        "cppl_cp_plan_latest_category",
    ),
    "ssd_cp_visits": (
        "cppv_cp_visit_id",
        "cppv_person_id",
        "cppv_cp_plan_id",
        "cppv_cp_visit_date",
        "cppv_cp_visit_seen",
        "cppv_cp_visit_seen_alone",
        "cppv_cp_visit_bedroom",
    ),
}
PUBLISHED |= PUBLISHED_CP


def s47_flags(*set_flags: str) -> str:
    keys = ("NFA_FLAG", "LEGAL_ACTION_FLAG", "PROV_OF_SERVICES_FLAG", "PROV_OF_SB_CARE_FLAG",
            "CP_CONFERENCE_FLAG", "NFA_CONTINUE_SINGLE_FLAG", "MONITOR_FLAG",
            "OTHER_OUTCOMES_EXIST_FLAG")  # fmt: skip
    body = ", ".join(f'"{k}": "{"Y" if k in set_flags else "N"}"' for k in keys)
    return "{" + body + ', "TOTAL_NO_OF_OUTCOMES": 1, "OUTCOME_COMMENTS": ""}'


# fmt: off
OURS_CP = {
    "strategy_discussions": """Strategy ID,Child ID,Team,Decision At,Held At,Police,Health,\
Education,Other Agencies,Section 47,S47 Completed Date,S47 Outcome,Police Outcome Shared,\
Health Outcome Shared,Education Outcome Shared,Other Agencies Outcome Shared
S1,K1,North,04/03/2024 10:00,05/03/2024 09:30,Took part,Took part,,,Yes,08/03/2024,\
Initial child protection conference,08/03/2024,11/03/2024,,
S2,K2,South,,06/03/2024 14:00,,,,,Yes,20/03/2024,No further action,,,,
S3,K3,South,11/03/2024 08:00,11/03/2024 16:00,Took part,"Invited, did not take part",,,Yes,,,,,,
""",
    "cp_conferences": """Conference ID,Child ID,Team,Conference Type,Strategy ID,Conference Date,\
Registered,Registration ID,Outline Plan Circulated,Police,Health,Education
C1,K1,North,Initial,S1,22/03/2024,Yes,P1,27/03/2024,Attended,Sent a report,Not invited
C2,K4,,Initial (transfer in),,12/03/2024,Yes,P4,,,,
review-7,K1,,Review,,20/06/2024,Yes,P1,,,,
""",
    "cp_registrations": """Registration ID,Child ID,Team,Start Date,End Date,Category,End Reason
P1,K1,,22/03/2024,,Neglect,
P4,K4,,12/03/2024,28/06/2024,More than one category,
""",
    "cp_visits": """Visit ID,Child ID,Visit Date,Child Seen,Child Seen Alone,Registration ID
V1,K1,28/03/2024,Yes,Yes,P1
V2,K1,10/04/2024,No,,P1
V3,K4,14/03/2024,Yes,No,P4
V4,K1,28/06/2024,Yes,No,P1
""",
}
SSD_CP = {
    "ssd_s47_enquiry": ssd_file(
        "ssd_s47_enquiry",
        ["Decision At", "Police", "Health", "Police Outcome Shared", "Health Outcome Shared"],
        [
            ["S1", "R1", "K1", "2024-03-05 09:30:00", "2024-03-08 00:00:00", "N",
             s47_flags("CP_CONFERENCE_FLAG"), "North", "W1", "04/03/2024 10:00",
             "Took part", "Took part", "08/03/2024", "11/03/2024"],
            ["S2", "R2", "K2", "2024-03-06 14:00:00", "2024-03-20 11:00:00", "Y",
             s47_flags("NFA_FLAG"), "South", "W2", "", "", "", "", ""],
            ["S3", "R3", "K3", "2024-03-11 16:00:00", "", "", "", "South", "",
             "11/03/2024 08:00", "Took part", "Invited, did not take part", "", ""],
        ],
    ),
    "ssd_initial_cp_conference": ssd_file(
        "ssd_initial_cp_conference",
        ["Outline Plan Circulated", "Police", "Health", "Education"],
        [
            ["C1", "M1", "S1", "K1", "P1", "R1", "N", "2024-03-26 00:00:00",
             "2024-03-22 00:00:00", "Y", '{"CP_FLAG": "Y"}', "North", "W1", "27/03/2024",
             "Attended", "Sent a report", "Not invited"],
            ["C2", "M2", "", "K4", "P4", "", "Y", "", "2024-03-12 10:00:00", "Y", "", "", "",
             "", "", "", ""],
        ],
    ),
    "ssd_cp_reviews": ssd_file(
        "ssd_cp_reviews",
        [],
        [
            ["7", "K1", "P1", "2024-06-22 00:00:00", "2024-06-20 00:00:00", "M7", "Y", "Y",
             "PN1"],
            ["8", "K1", "P1", "2024-12-20 00:00:00", "", "", "", "", ""],
        ],
    ),
    "ssd_cp_plans": ssd_file(
        "ssd_cp_plans",
        [],
        [
            ["P1", "R1", "C1", "K1", "2024-03-22 00:00:00", "", "N", "Neglect", "Neglect"],
            ["P4", "", "C2", "K4", "2024-03-12 00:00:00", "2024-06-28 00:00:00", "N",
             "Neglect", "Multiple: [Neglect, Emotional Abuse]"],
            ["P9", "", "", "K9", "2024-03-01 00:00:00", "", "Y", "Neglect", "Neglect"],
        ],
    ),
    "ssd_cp_visits": ssd_file(
        "ssd_cp_visits",
        [],
        [
            ["V1", "K1", "P1", "2024-03-28 11:30:00", "Y", "Y", "Y"],
            ["V2", "K1", "P1", "2024-04-10 15:00:00", "N", "", ""],
            ["V3", "K4", "P4", "2024-03-14 00:00:00", "Y", "N", "N"],
            ["V4", "K1", "P1", "2024-06-28 09:00:00", "Y", "N", "Y"],
        ],
    ),
}
# fmt: on
CP_TABLES = {
    "ssd_s47_enquiry": "strategy_discussions",
    "ssd_initial_cp_conference": "cp_conferences",
    "ssd_cp_reviews": "cp_conferences",
    "ssd_cp_plans": "cp_registrations",
    "ssd_cp_visits": "cp_visits",
}


def test_every_child_protection_table_named_by_the_issue_has_a_layout() -> None:
    assert set(CP_TABLES) <= set(LAYOUTS)
    for table, extract in CP_TABLES.items():
        assert LAYOUTS[table].extract == extract


def test_ssd_child_protection_exports_give_the_rows_of_our_layout(tmp_path: Path) -> None:
    theirs: dict[str, list[pl.DataFrame]] = {}
    for table, text in SSD_CP.items():
        prepared = prepare(write(tmp_path, f"{table}.csv", text))
        assert prepared.extract.name == CP_TABLES[table]
        theirs.setdefault(prepared.extract.name, []).append(prepared.frame.drop("_row"))
    for extract, text in OURS_CP.items():
        ours = prepare(write(tmp_path, f"{extract}.csv", text)).frame.drop("_row")
        got = pl.concat(theirs[extract])
        key = EXTRACT_TYPES[extract].key[0]
        assert got.sort(key).equals(ours.sort(key)), extract


def test_ssd_child_protection_exports_give_exactly_the_figures_of_our_layout(
    tmp_path: Path,
) -> None:
    population = "Estimate Date,Children,Source\n30/06/2023,20000,test\n"
    ours = tmp_path / "ours" / "store.duckdb"
    theirs = tmp_path / "ssd" / "store.duckdb"
    import_texts(
        ours, tmp_path / "ours", {**{f"{k}.csv": v for k, v in OURS_CP.items()},
                                  "population.csv": population}
    )  # fmt: skip
    import_texts(
        theirs, tmp_path / "ssd", {**{f"{k}.csv": v for k, v in SSD_CP.items()},
                                   "population.csv": population}
    )  # fmt: skip
    expected = series(ours)
    assert expected.filter(pl.col("indicator_id") == "wb_cpr_rate").height > 20
    assert series(theirs).equals(expected)


def test_rows_an_ssd_table_holds_but_we_do_not_count_are_skipped_with_a_warning(
    tmp_path: Path,
) -> None:
    plans = prepare(write(tmp_path, "plans.csv", SSD_CP["ssd_cp_plans"]))
    assert plans.frame["registration_id"].to_list() == ["P1", "P4"]
    assert any("another council's child protection plans" in r for r in plans.warnings["reason"])
    reviews = prepare(write(tmp_path, "reviews.csv", SSD_CP["ssd_cp_reviews"]))
    assert reviews.frame["conference_id"].to_list() == ["review-7"]
    assert any("reviews not held yet" in r for r in reviews.warnings["reason"])


def test_an_ssd_conference_export_must_add_the_outline_plan_date(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(SSD_CP["ssd_initial_cp_conference"])))
    keep = [i for i, h in enumerate(rows[0]) if h != "Outline Plan Circulated"]
    text = _csv([rows[0][i] for i in keep], [[r[i] for i in keep] for r in rows[1:]])
    messages = _problems(write(tmp_path, "icpc.csv", text))
    assert len(messages) == 1
    assert "has no column for 'Outline Plan Circulated', which Wales needs" in messages[0]


# ------------------------------------------------------------------ the looked-after tables

# Published column lists (SSD DDL reference, Liquidlogic ordinals), in looked_after_cases.py with
# the same records in both layouts.
PUBLISHED |= LAC_COLUMNS


def test_every_looked_after_table_named_by_the_issue_has_a_layout() -> None:
    assert set(LAC_TABLES) <= set(LAYOUTS)
    for table, extract in LAC_TABLES.items():
        assert LAYOUTS[table].extract == extract


def test_ssd_looked_after_exports_give_the_rows_of_our_layout(tmp_path: Path) -> None:
    for table, extract in LAC_TABLES.items():
        prepared = prepare(write(tmp_path, f"{table}.csv", LAC_SSD_FILES[f"{table}.csv"]))
        assert prepared.extract.name == extract
        ours = prepare(write(tmp_path, f"{extract}.csv", LAC_OWN_FILES[extract].strip() + "\n"))
        # Our own files of these tests name the period of care only where a measure needs it.
        drop = [c for c in ("_row", "care_period_id") if c in ours.frame.columns]
        key = EXTRACT_TYPES[extract].key[0]
        got = prepared.frame.drop(drop).sort(key)
        want = ours.frame.drop(drop).sort(key)
        if extract == "lac_reviews":  # the SSD names the period of care, not the child
            got, want = got.drop("child_id"), want.drop("child_id")
        assert got.equals(want), extract


def test_ssd_looked_after_exports_give_exactly_the_figures_of_our_layout(tmp_path: Path) -> None:
    shared = {n: LAC_FILES[n] for n in ("allocations.csv", "population.csv")}
    ours = tmp_path / "ours" / "store.duckdb"
    theirs = tmp_path / "ssd" / "store.duckdb"
    import_texts(ours, tmp_path / "ours", LAC_FILES)
    import_texts(theirs, tmp_path / "ssd", {**LAC_SSD_FILES, **shared})
    expected = series(ours)
    looked_after = expected.filter(pl.col("indicator_id").str.contains("lac|missing|return"))
    assert looked_after.filter(pl.col("value").is_not_null()).height > 200
    assert series(theirs).equals(expected)


def test_ssd_rows_not_held_or_cancelled_are_skipped_with_a_warning(tmp_path: Path) -> None:
    reviews = prepare(write(tmp_path, "r.csv", LAC_SSD_FILES["ssd_cla_reviews.csv"]))
    assert "R9" not in reviews.frame["lac_review_id"].to_list()
    assert "R10" not in reviews.frame["lac_review_id"].to_list()
    reasons = " ".join(reviews.warnings["reason"])
    assert "cancelled reviews were not held" in reasons
    assert "reviews not held yet" in reasons


def test_an_ssd_missing_export_must_add_when_the_interview_was_offered(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(LAC_SSD_FILES["ssd_missing.csv"])))
    keep = [i for i, h in enumerate(rows[0]) if h != "Interview Offered At"]
    text = _csv([rows[0][i] for i in keep], [[r[i] for i in keep] for r in rows[1:]])
    messages = _problems(write(tmp_path, "missing.csv", text))
    assert len(messages) == 1
    assert "has no column for 'Interview Offered At', which Wales needs" in messages[0]


def test_an_unknown_placement_code_names_the_row_column_and_value(tmp_path: Path) -> None:
    text = LAC_SSD_FILES["ssd_cla_placement.csv"].replace(",K2,", ",Q9,")
    messages = _problems(write(tmp_path, "placement.csv", text))
    assert len(messages) == 1
    assert "Row 4" in messages[0] and "clap_cla_placement_type" in messages[0]
    assert "Q9" in messages[0] and "SSDA903 placement type code" in messages[0]


def test_a_distance_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    text = LAC_SSD_FILES["ssd_cla_placement.csv"].replace(",25.5,", ",far,")
    messages = _problems(write(tmp_path, "placement.csv", text))
    assert len(messages) == 1
    assert "not a distance in miles" in messages[0] and "'far'" in messages[0]


# ------------------------------------------------------------------ in Welsh
# The layouts' own words (why a column is not read, why rows are skipped, a code list's fix, what
# Wales needs, why a cell cannot be read) are translated when the file is read; the SSD's column
# names, the table's name, the values and the accepted codes stay as exported.


def _welsh_problems(path: Path) -> list[str]:
    with use_language("cy"):
        return _problems(path)


def test_an_ssd_code_the_layout_does_not_know_is_refused_in_welsh(tmp_path: Path) -> None:
    text = SSD["contacts"].replace(',"3A",', ",3Z,").replace(",3A,", ",3Z,")
    assert _welsh_problems(write(tmp_path, "ssd.csv", text)) == [
        "Rhes 3, colofn 'cont_contact_source_code', gwerth '3Z': nid yw hwn yn un o'r codau "
        "rydyn ni'n eu darllen yn y golofn hon. Defnyddiwch un o godau ffynhonnell cyswllt yr "
        "Adran Addysg (DfE) (1A-1D, 2A-2B, 3A-3F, 4, 5A-5D, 6-10)."
    ]


def test_a_code_list_fix_names_the_values_in_both_languages(tmp_path: Path) -> None:
    path = write(tmp_path, "ssd.csv", SSD["workers"].replace("Social Worker", "Wizard", 1))
    titles = "Social worker, Senior practitioner, Consultant social worker, Team manager, Family "
    titles += "support worker"
    place = "Row 2, column 'prof_professional_job_title', value 'Wizard'"
    assert _problems(path) == [
        f"{place}: this is not one of the codes we read in this column. Use one of the job "
        f"titles: {titles}."
    ]
    assert _welsh_problems(path) == [
        "Rhes 2, colofn 'prof_professional_job_title', gwerth 'Wizard': nid yw hwn yn un o'r "
        "codau rydyn ni'n eu darllen yn y golofn hon. Defnyddiwch un o'r teitlau swydd hyn: "
        f"{titles}."
    ]


def test_cells_the_layout_cannot_read_are_refused_in_welsh(tmp_path: Path) -> None:
    distance = LAC_SSD_FILES["ssd_cla_placement.csv"].replace(",25.5,", ",far,")
    assert _welsh_problems(write(tmp_path, "placement.csv", distance)) == [
        "Rhes 3, colofn 'clap_cla_placement_distance', gwerth 'far': nid pellter mewn "
        "milltiroedd yw hwn. Ysgrifennwch y pellter mewn milltiroedd fel rhif, neu gadewch y gell "
        "yn wag."
    ]

    def quoted(text: str) -> str:
        return text.replace('"', '""')

    outcome = SSD["contacts"].replace(
        quoted(flags("ADVICE_FLAG")), quoted(flags("PRIVATE_FOSTERING_FLAG"))
    )
    [message] = _welsh_problems(write(tmp_path, "ssd.csv", outcome))
    assert message.startswith("Rhes 5, colofn 'cont_contact_outcome_json', gwerth '{")
    assert message.endswith(
        ": nid oes dim yn cyfateb i'r canlyniad PRIVATE_FOSTERING_FLAG ymhlith ein canlyniadau "
        "ni. Allforiwch gysylltiadau o'r fath yn ein gosodiad cysylltiadau ein hunain, gyda'i "
        "golofn 'Outcome' (nid yw cymorth cynnar yn un o ganlyniadau cyswllt yr SSD chwaith)."
    )


def test_what_wales_needs_beyond_the_ssd_is_asked_for_in_welsh(tmp_path: Path) -> None:
    lines = SSD["assessments"].splitlines()
    header = next(csv.reader([lines[0]]))[:-2]
    rows = [next(csv.reader([line]))[:-2] for line in lines[1:]]
    assert _welsh_problems(write(tmp_path, "ssd.csv", _csv(header, rows))) == [
        "Rhes 1, colofn 'Referral Date': nid oes colofn ar gyfer 'Referral Date' yn nhabl "
        "Standard Safeguarding Dataset (SSD) 'ssd_cin_assessments', ac mae ei hangen yng "
        "Nghymru: mae mesur 42 diwrnod gwaith Cymru (PM24) yn rhedeg o ddyddiad yr atgyfeiriad, "
        "nad yw yn ssd_cin_assessments (mae yn ssd_cin_episodes). Ychwanegwch ein colofn "
        "'Referral Date' at yr allforiad (gweler docs/data-dictionary.md)."
    ]


def test_skipped_rows_and_columns_not_read_are_warned_in_welsh(tmp_path: Path) -> None:
    # Two cancelled reviews (a plural), one not held yet.
    text = LAC_SSD_FILES["ssd_cla_reviews.csv"] + "R11,CP6,,2025-08-01 00:00:00,Yes,\n"
    path = write(tmp_path, "reviews.csv", text)
    with use_language("cy"):
        welsh = prepare(path).warnings["reason"].to_list()
    english = prepare(path).warnings["reason"].to_list()
    assert welsh[1:] == [
        "ni fewnforiwyd 2 res: ni chynhaliwyd adolygiadau a ganslwyd",
        "ni fewnforiwyd 1 rhes: adolygiadau nas cynhaliwyd eto (dyddiad dyledus yn unig); caiff "
        "dyddiadau dyledus eu cyfrifo yma",
    ]
    assert english[1:] == [
        "2 rows were not imported: cancelled reviews were not held",
        "1 row was not imported: reviews not held yet (a due date only); due dates are worked out "
        "here",
    ]
    with use_language("cy"):
        workers = prepare(write(tmp_path, "ssd.csv", SSD["workers"])).warnings["reason"]
    assert workers.to_list()[1:] == [
        "ni ddarllenwyd y golofn 'prof_professional_name': ni chaiff enwau byth eu darllen na'u "
        "storio: dim ond dynodwyr y system achosion a ddangosir mewn rhestrau"
    ]
