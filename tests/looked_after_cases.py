"""The hand-worked looked-after children records (see test_indicators_looked_after.py for what
each is for), in our own layout and in the Standard Safeguarding Dataset layout."""

EPISODES = """
Care Episode ID,Child ID,Care Period ID,Team,Start Date,End Date,Legal Status,End Reason,\
Date Of Birth
E1,L1,CP1,North,06/01/2025,,Care order,,01/05/2015
E2,L2,CP2,South,31/01/2025,30/04/2025,Section 76,Returned home,01/09/2008
E3,L2,CP2B,South,02/06/2025,,Interim care order,,01/09/2008
E4,L3,CP3,North,01/01/2023,10/03/2025,Care order,,
E5,L3,CP3,North,10/03/2025,,Placement order,,
E6,L4,CP4,,21/04/2025,,Care order,,01/03/2024
E7,L5,CP5,North,01/03/2024,,Section 76,,01/06/2012
E8,L6,CP6,South,01/07/2025,,Section 76,,
"""
PLACEMENTS = """
Placement ID,Child ID,Start Date,End Date,Placement Type,Provider,Out Of Area,Distance Band,\
Intended To 18
P1,L1,06/01/2025,31/01/2025,Foster care,In-house,No,Under 10 miles,
P2,L1,31/01/2025,,Foster care,Independent,Yes,Over 20 miles,Yes
P3,L2,31/01/2025,30/04/2025,Residential care,Independent,Yes,,
P4,L2,02/06/2025,,Foster care,In-house,No,,
P5,L3,01/01/2023,,Residential care,In-house,No,,Yes
P8,L4,21/04/2025,,Kinship foster care,In-house,No,,
P9,L5,01/03/2024,01/05/2024,Foster care,Independent,No,,
P10,L5,01/05/2024,01/02/2025,Foster care,In-house,No,,
P11,L5,01/02/2025,,Foster care,In-house,No,,
P12,L6,01/07/2025,,Foster care,In-house,No,,
"""
VISITS = """
LAC Visit ID,Child ID,Visit Date,Child Seen,Child Seen Alone
V00,L3,10/10/2024,Yes,Yes
V0,L1,10/01/2025,Yes,No
V1,L1,07/02/2025,Yes,Yes
V2,L1,20/03/2025,Yes,Yes
V3,L2,31/01/2025,Yes,No
V4,L2,14/03/2025,No,
V5,L3,31/01/2025,Yes,Yes
V6,L3,02/05/2025,Yes,Yes
V7,L5,05/02/2025,Yes,Yes
V8,L5,19/03/2025,Yes,Yes
V9,L5,30/04/2025,Yes,Yes
V10,L5,28/05/2025,Yes,Yes
V11,L4,02/05/2025,Yes,No
V12,L2,04/07/2025,Yes,Yes
"""
REVIEWS = """
LAC Review ID,Child ID,Care Period ID,Review Date
R4,L3,,15/01/2025
R1,L1,,31/01/2025
R6,L5,,20/02/2025
R3,,CP2,27/02/2025
R2,L1,,01/05/2025
R7,L4,,21/05/2025
R8,L5,,03/07/2025
"""
HEALTH = """
Health Check ID,Child ID,Check Type,Check Date
G3,L2,GP registration,31/01/2025
G2,L1,GP registration,17/02/2025
G1,L4,GP registration,07/05/2025
G5,L4,Dental check,08/05/2025
G4,L6,GP registration,03/07/2025
"""
ALLOCATIONS = """
Allocation ID,Child ID,Worker ID,Team,Case Type,PLO,Allocated From,Allocated To
A1,L1,W1,North,Looked after,No,06/01/2025,
A2,L3,W2,North,Looked after,No,01/06/2024,31/03/2025
A3,L3,W3,North,Looked after,No,01/04/2025,
A4,L5,W4,North,Looked after,No,01/03/2024,
A5,L4,W5,South,Looked after,No,21/04/2025,
A6,K9,W6,South,Care and support,No,01/02/2025,
A7,L6,W7,South,Looked after,No,01/07/2025,
"""
MISSING = """
Missing ID,Child ID,Episode Type,Started At,Ended At,Interview Offered At,Interview Held Date,\
Interview Declined
M0,K9,Missing,15/02/2024 10:00,15/02/2024 12:00,16/02/2024 09:00,,
M1,L1,Missing,03/03/2025 22:00,04/03/2025 08:00,07/03/2025 08:00,07/03/2025,No
M2,L1,Missing,10/03/2025 20:00,11/03/2025 09:00,14/03/2025 10:00,,Yes
M3,L1,Absent,20/03/2025 18:00,20/03/2025 23:00,,,
M4,K9,Missing,25/03/2025,26/03/2025,28/03/2025,01/04/2025,No
M5,K9,Missing,28/06/2025 21:00,03/07/2025 10:00,,,
M6,L2,Missing,30/06/2025 10:00,,,,
"""
POPULATION = "Estimate Date,Children,Source\n30/06/2024,20000,test\n"
FILES = {
    "episodes.csv": EPISODES,
    "placements.csv": PLACEMENTS,
    "visits.csv": VISITS,
    "reviews.csv": REVIEWS,
    "health.csv": HEALTH,
    "allocations.csv": ALLOCATIONS,
    "missing.csv": MISSING,
    "population.csv": POPULATION,
}

# The same records as the SSD exports them (Liquidlogic column order, ISO date-times, SSDA903
# codes), with our columns added where Wales needs them: team, legal status and date of birth
# beside ssd_cla_episodes, out of area and intended to 18 beside ssd_cla_placement, the return
# interview's offered date-time, held date and declined beside ssd_missing. ssd_cla_reviews names
# the period of care (clar_cla_id), not the child. Rows the SSD holds that we do not count: a
# cancelled review (R9) and one not held yet (R10).
SSD_COLUMNS = {
    "ssd_cla_episodes": (
        "clae_cla_episode_id",
        "clae_person_id",
        "clae_cla_placement_id",
        "clae_cla_episode_start_date",
        "clae_cla_episode_start_reason",
        "clae_cla_primary_need_code",
        "clae_cla_episode_ceased_date",
        "clae_cla_episode_ceased_reason",
        "clae_cla_id",
        "clae_referral_id",
        "clae_cla_last_iro_contact_date",
        "clae_entered_care_date",
    ),
    "ssd_cla_placement": (
        "clap_cla_placement_id",
        "clap_cla_id",
        "clap_person_id",
        "clap_cla_placement_start_date",
        "clap_cla_placement_type",
        "clap_cla_placement_urn",
        "clap_cla_placement_distance",
        "clap_cla_placement_provider",
        "clap_cla_placement_postcode",
        "clap_cla_placement_end_date",
        "clap_cla_placement_change_reason",
    ),
    "ssd_cla_visits": (
        "clav_cla_visit_id",
        "clav_cla_id",
        "clav_person_id",
        "clav_cla_visit_date",
        "clav_cla_visit_seen",
        "clav_cla_visit_seen_alone",
    ),
    "ssd_cla_reviews": (
        "clar_cla_review_id",
        "clar_cla_id",
        "clar_cla_review_due_date",
        "clar_cla_review_date",
        "clar_cla_review_cancelled",
        "clar_cla_review_participation",
    ),
    "ssd_missing": (
        "miss_table_id",
        "miss_person_id",
        "miss_missing_episode_start_date",
        "miss_missing_episode_type",
        "miss_missing_episode_end_date",
        "miss_missing_rhi_offered",
        "miss_missing_rhi_accepted",
    ),
    "ssd_cla_health": (
        "clah_health_check_id",
        "clah_person_id",
        "clah_health_check_type",
        "clah_health_check_date",
        "clah_health_check_status",
    ),
}


def _ssd(table: str, extra: str, rows: str) -> str:
    header = ",".join(SSD_COLUMNS[table]) + ("," + extra if extra else "")
    return header + "\n" + "\n".join(r.strip() for r in rows.strip().splitlines()) + "\n"


T = " 00:00:00"
SSD_FILES = {
    "ssd_cla_episodes.csv": _ssd(
        "ssd_cla_episodes",
        "Team,Legal Status,Date Of Birth",
        f"""
        E1,L1,P1,2025-01-06{T},S,N1,,,CP1,R1,,2025-01-06{T},North,Care order,01/05/2015
        E2,L2,P3,2025-01-31{T},V,N2,2025-04-30{T},E4A,CP2,,,,South,Section 76,01/09/2008
        E3,L2,P4,2025-06-02{T},,,,,CP2B,,,,South,Interim care order,01/09/2008
        E4,L3,P5,2023-01-01{T},,,2025-03-10{T},X1,CP3,,2025-01-15{T},,North,Care order,
        E5,L3,P5,2025-03-10{T},,,,,CP3,,,,North,Placement order,
        E6,L4,P8,2025-04-21{T},,,,,CP4,,,,,Care order,01/03/2024
        E7,L5,P11,2024-03-01{T},,,,,CP5,,,,North,Section 76,01/06/2012
        E8,L6,P12,2025-07-01{T},,,,,CP6,,,,South,Section 76,
        """,
    ),
    "ssd_cla_placement.csv": _ssd(
        "ssd_cla_placement",
        "Out Of Area,Intended To 18",
        f"""
        P1,CP1,L1,2025-01-06{T},U4,,3.2,PR1,,2025-01-31{T},,No,
        P2,CP1,L1,2025-01-31{T},U4,,25.5,PR4,,,,Yes,Yes
        P3,CP2,L2,2025-01-31{T},K2,SC123,,PR4,,2025-04-30{T},,Yes,
        P4,CP2B,L2,2025-06-02{T},U6,,,PR1,,,,No,
        P5,CP3,L3,2023-01-01{T},R1,,,PR1,,,,No,Yes
        P8,CP4,L4,2025-04-21{T},U3,,,PR1,,,,No,
        P9,CP5,L5,2024-03-01{T},U5,,,PR5,,2024-05-01{T},,No,
        P10,CP5,L5,2024-05-01{T},U4,,,PR1,,2025-02-01{T},,No,
        P11,CP5,L5,2025-02-01{T},U4,,,PR1,,,,No,
        P12,CP6,L6,2025-07-01{T},U4,,,PR1,,,,No,
        """,
    ),
    "ssd_cla_visits.csv": _ssd(
        "ssd_cla_visits",
        "",
        f"""
        V00,CP3,L3,2024-10-10 10:00:00,Y,Y
        V0,CP1,L1,2025-01-10{T},Y,N
        V1,CP1,L1,2025-02-07 15:30:00,Y,Y
        V2,CP1,L1,2025-03-20{T},Y,Y
        V3,CP2,L2,2025-01-31{T},Y,N
        V4,CP2,L2,2025-03-14{T},N,
        V5,CP3,L3,2025-01-31{T},Y,Y
        V6,CP3,L3,2025-05-02{T},Y,Y
        V7,CP5,L5,2025-02-05{T},Y,Y
        V8,CP5,L5,2025-03-19{T},Y,Y
        V9,CP5,L5,2025-04-30{T},Y,Y
        V10,CP5,L5,2025-05-28{T},Y,Y
        V11,CP4,L4,2025-05-02{T},Y,N
        V12,CP2B,L2,2025-07-04{T},Y,Y
        """,
    ),
    "ssd_cla_reviews.csv": _ssd(
        "ssd_cla_reviews",
        "",
        f"""
        R4,CP3,2025-01-20{T},2025-01-15{T},N,PN1
        R1,CP1,2025-02-03{T},2025-01-31{T},N,PN1
        R6,CP5,,2025-02-20{T},N,
        R3,CP2,2025-02-28{T},2025-02-27{T},N,
        R2,CP1,2025-04-30{T},2025-05-01{T},,
        R7,CP4,2025-05-21{T},2025-05-21{T},N,
        R8,CP5,,2025-07-03{T},N,
        R9,CP5,,2025-06-01{T},Y,
        R10,CP6,2025-07-29{T},,,
        """,
    ),
    "ssd_missing.csv": _ssd(
        "ssd_missing",
        "Interview Offered At,Interview Held Date,Interview Declined",
        """
        M0,K9,2024-02-15 10:00:00,M,2024-02-15 12:00:00,Y,,16/02/2024 09:00,,
        M1,L1,2025-03-03 22:00:00,M,2025-03-04 08:00:00,Y,Y,07/03/2025 08:00,07/03/2025,No
        M2,L1,2025-03-10 20:00:00,M,2025-03-11 09:00:00,Y,N,14/03/2025 10:00,,Yes
        M3,L1,2025-03-20 18:00:00,A,2025-03-20 23:00:00,N,,,,
        M4,K9,2025-03-25 00:00:00,M,2025-03-26 00:00:00,Y,Y,28/03/2025,01/04/2025,No
        M5,K9,2025-06-28 21:00:00,M,2025-07-03 10:00:00,N,,,,
        M6,L2,2025-06-30 10:00:00,M,,,,,,
        """,
    ),
    "ssd_cla_health.csv": _ssd(
        "ssd_cla_health",
        "",
        f"""
        G3,L2,GP registration,2025-01-31{T},Complete
        G2,L1,GP registration,2025-02-17{T},Complete
        G1,L4,GP registration,2025-05-07{T},Complete
        G5,L4,Dental check,2025-05-08{T},Complete
        G4,L6,GP registration,2025-07-03{T},Complete
        """,
    ),
}
SSD_TABLES = {
    "ssd_cla_episodes": "lac_episodes",
    "ssd_cla_placement": "lac_placements",
    "ssd_cla_visits": "lac_visits",
    "ssd_cla_reviews": "lac_reviews",
    "ssd_missing": "missing_episodes",
    "ssd_cla_health": "lac_health_checks",
}
OWN_FILES = {  # our own layout of the same tables, by extract
    "lac_episodes": EPISODES,
    "lac_placements": PLACEMENTS,
    "lac_visits": VISITS,
    "lac_reviews": REVIEWS,
    "missing_episodes": MISSING,
    "lac_health_checks": HEALTH,
}

# Passing and failing rows for the cross-field rules of the looked-after extracts, merged into
# tests/test_extracts.py's RULE_CASES (extract, failing cells, passing cells): each dict changes a
# valid row (conftest.valid_row: every date 01/04/2024, date-times 01/04/2024 09:00).
LAC_RULE_CASES: dict[str, tuple[str, tuple[dict[str, str], ...], tuple[dict[str, str], ...]]] = {
    "episode_end_not_before_start": (
        "lac_episodes",
        ({"end_date": "31/03/2024"},),
        ({"end_date": "01/04/2024"}, {"end_date": "", "end_reason": ""}),
    ),
    "episode_end_reason_needs_end": (
        "lac_episodes",
        ({"end_date": "", "end_reason": "Returned home"},),
        ({"end_date": "", "end_reason": ""}, {"end_date": "02/04/2024", "end_reason": "Adopted"}),
    ),
    "placement_end_not_before_start": (
        "lac_placements",
        ({"end_date": "31/03/2024"},),
        ({"end_date": ""}, {"end_date": "01/04/2024"}),
    ),
    "lac_visit_seen_alone_needs_seen": (
        "lac_visits",
        ({"child_seen": "No", "child_seen_alone": "Yes"},),
        (
            {"child_seen": "Yes", "child_seen_alone": "Yes"},
            {"child_seen": "No", "child_seen_alone": "No"},
        ),
    ),
    "lac_review_needs_child_or_period": (
        "lac_reviews",
        ({"child_id": "", "care_period_id": ""},),
        ({"child_id": ""}, {"care_period_id": ""}),
    ),
    "missing_end_not_before_start": (
        "missing_episodes",
        ({"ended_at": "01/04/2024 08:59", "interview_offered_at": ""},),
        (
            {"ended_at": "01/04/2024 09:00"},
            {"ended_at": "", "interview_offered_at": "", "interview_held_date": ""},
        ),
    ),
    "interview_offered_not_before_start": (
        "missing_episodes",
        ({"interview_offered_at": "01/04/2024 08:00"},),
        ({"interview_offered_at": "02/04/2024 08:00"}, {"interview_offered_at": ""}),
    ),
    "interview_offered_needs_return": (
        "missing_episodes",
        ({"ended_at": "", "interview_offered_at": "01/04/2024 09:00", "interview_held_date": ""},),
        ({"ended_at": "", "interview_offered_at": "", "interview_held_date": ""},),
    ),
    "interview_held_needs_return": (
        "missing_episodes",
        (
            {
                "ended_at": "",
                "interview_offered_at": "",
                "interview_held_date": "02/04/2024",
                "interview_declined": "No",
            },
        ),
        ({"interview_held_date": "02/04/2024", "interview_declined": "No"},),
    ),
    "interview_held_not_declined": (
        "missing_episodes",
        ({"interview_held_date": "02/04/2024", "interview_declined": "Yes"},),
        (
            {"interview_held_date": "02/04/2024", "interview_declined": "No"},
            {"interview_held_date": "", "interview_declined": "Yes"},
        ),
    ),
}

# Cells that make a valid row hold whatever its yes/no columns say (test_extracts.all_yes_no): an
# interview declined cannot also be held.
LAC_YES_NO_CELLS = {"missing_episodes": {"interview_held_date": ""}}
# Optional columns of which one must be filled (rule lac_review_needs_child_or_period): the
# generic "optional cells may be blank" tests keep this one.
ONE_OF_OPTIONAL = {"lac_reviews": "child_id"}
