"""The Standard Safeguarding Dataset's looked-after children tables, read as our looked-after
children extracts (see :mod:`pipelines.layouts.ssd` for the source and the approach).

The SSD follows England's SSDA903 return: episodes with the 903 reason-ceased codes, placements
with the 903 placement type and provider codes, missing episodes with a flag for a return interview
offered but not when. Wales counts the return interview offered within 72 hours and the placement
inside or outside the council's area, so those are our columns to add beside the SSD ones. Codes
a layout does not map are rejected with the row, the column and the value (never guessed).
"""

from __future__ import annotations

from pipelines.layouts.model import Band, Layout, Skip, Source
from pipelines.layouts.ssd import DATE, SSD
from pipelines.presentation.i18n import N_

# SSDA903 reason episode ceased (REC) codes, as the SSD exports them, in our end reasons. X1 (the
# episode ends and a new one begins the same day: a change of legal status or placement) is no
# end of care: blank.
CEASED_REASONS = {
    "x1": "",
    "e11": "adopted",
    "e12": "adopted",
    "e2": "died",
    "e3": "another_council",
    "e4a": "returned_home",
    "e4b": "returned_home",
    "e41": "child_arrangements",
    "e45": "special_guardianship",
    "e46": "special_guardianship",
    "e47": "special_guardianship",
    "e48": "special_guardianship",
    "e5": "independent_living",
    "e6": "independent_living",
    "e9": "custody",
    "e17": "reached_18",
    "e7": "other",
    "e8": "other",
    "e13": "other",
    "e14": "other",
    "e15": "other",
    "e16": "other",
}
# SSDA903 placement type (PLACE) codes in our placement types.
PLACEMENT_TYPE_CODES = {
    **{f"u{n}": "foster_connected" for n in (1, 2, 3)},
    **{f"u{n}": "foster" for n in (4, 5, 6)},
    **{f"a{n}": "adoption" for n in (3, 4, 5, 6)},
    "k1": "secure",
    "k2": "residential",
    "r1": "residential",
    "s1": "residential",
    "p1": "with_parents",
    "p2": "independent_living",
    "h5": "independent_living",
    "r2": "other",
    "r3": "other",
    "r5": "other",
    "p3": "other",
    "z1": "other",
}
# SSDA903 placement provider (PLACE_PROVIDER) codes in our providers.
PROVIDER_CODES = {
    "pr0": "parent",
    "pr1": "in_house",
    "pr2": "other_public",
    "pr3": "other_public",
    "pr4": "independent",
    "pr5": "independent",
}

CLA_EPISODES = Layout(
    name="ssd_cla_episodes",
    standard=SSD,
    extract="lac_episodes",
    identify=("clae_cla_episode_id",),
    sources=(
        Source("clae_cla_episode_id", "care_episode_id"),
        Source("clae_person_id", "child_id"),
        Source("clae_cla_placement_id", None, why="placements are read from ssd_cla_placement"),
        Source("clae_cla_episode_start_date", "start_date", transform=DATE),
        Source("clae_cla_episode_start_reason", None, why="not used by any measure"),
        Source("clae_cla_primary_need_code", None, why="not used by any measure"),
        Source("clae_cla_episode_ceased_date", "end_date", transform=DATE),
        Source(
            "clae_cla_episode_ceased_reason",
            "end_reason",
            codes=CEASED_REASONS,
            fix=N_(
                "use an SSDA903 reason-ceased code (E11, E12, E2, E3, E4A, E4B, E41, E45-E48, "
                "E5-E9, E13-E17) or X1 for an episode followed by another the same day"
            ),
        ),
        Source("clae_cla_id", "care_period_id"),
        Source("clae_referral_id", None, why="the referral's id, not used by any measure"),
        Source("clae_cla_last_iro_contact_date", None, why="not used by any measure"),
        Source(
            "clae_entered_care_date",
            None,
            why="the start of each period of care is worked out from the episodes",
        ),
    ),
    extensions=("team", "legal_status", "date_of_birth"),
    lacks={
        "team": "not in the SSD: the team holding the child's looked-after case in the "
        "allocations is used, else 'Team not recorded'",
        "legal_status": "not in ssd_cla_episodes (the SSD has it in ssd_legal_status, not read "
        "yet): add 'Legal Status', or the legal status breakdown shows 'Legal status not "
        "recorded'",
        "date_of_birth": "in ssd_person, not this table: add 'Date Of Birth', or the age band "
        "breakdown shows 'Age not recorded'",
    },
)

CLA_PLACEMENT = Layout(
    name="ssd_cla_placement",
    standard=SSD,
    extract="lac_placements",
    identify=("clap_cla_placement_id",),
    sources=(
        Source("clap_cla_placement_id", "placement_id"),
        Source("clap_cla_id", "care_period_id"),
        Source("clap_person_id", "child_id"),
        Source("clap_cla_placement_start_date", "start_date", transform=DATE),
        Source(
            "clap_cla_placement_type",
            "placement_type",
            codes=PLACEMENT_TYPE_CODES,
            fix=N_(
                "use an SSDA903 placement type code (U1-U6, A3-A6, K1, K2, R1-R5, S1, P1-P3, H5, "
                "Z1)"
            ),
        ),
        Source("clap_cla_placement_urn", None, why="the provider's Ofsted URN, not used here"),
        Source(
            "clap_cla_placement_distance",
            "distance_band",
            transform=Band(((10.0, "under_10"), (20.0, "10_to_20")), "over_20"),
            fix=N_("write the distance in miles as a number, or leave it blank"),
        ),
        Source(
            "clap_cla_placement_provider",
            "provider",
            codes=PROVIDER_CODES,
            fix=N_("use an SSDA903 placement provider code (PR0-PR5)"),
        ),
        Source(
            "clap_cla_placement_postcode",
            None,
            why="a postcode is personal data; whether the placement is outside the council's "
            "area is our column 'Out Of Area'",
        ),
        Source("clap_cla_placement_end_date", "end_date", transform=DATE),
        Source("clap_cla_placement_change_reason", None, why="not used by any measure"),
    ),
    extensions=("out_of_area", "intended_to_18"),
    required_extensions={
        "out_of_area": "pv_external_placement_pct and pv_out_of_area_pct count placements "
        "outside the council's area, which the SSD does not hold (only a postcode)",
    },
    lacks={
        "intended_to_18": "not in the SSD: add 'Intended To 18', or visits are held to the "
        "6-weekly interval throughout (reg 31 allows 3-monthly after a year when the placement "
        "is intended to last until 18)",
        "provider": "the SSD has no connected-person provider code: kinship placements are "
        "recognised by their placement type (U1-U3)",
    },
)

CLA_VISITS = Layout(
    name="ssd_cla_visits",
    standard=SSD,
    extract="lac_visits",
    identify=("clav_cla_visit_id",),
    sources=(
        Source("clav_cla_visit_id", "lac_visit_id"),
        Source("clav_cla_id", "care_period_id"),
        Source("clav_person_id", "child_id"),
        Source("clav_cla_visit_date", "visit_date", transform=DATE),
        Source("clav_cla_visit_seen", "child_seen"),
        Source("clav_cla_visit_seen_alone", "child_seen_alone"),
    ),
)

CLA_REVIEWS = Layout(
    name="ssd_cla_reviews",
    standard=SSD,
    extract="lac_reviews",
    identify=("clar_cla_review_id",),
    sources=(
        Source("clar_cla_review_id", "lac_review_id"),
        Source("clar_cla_id", "care_period_id"),
        Source(
            "clar_cla_review_due_date",
            None,
            why="due dates are worked out here (20 working days, 3 months, then 6-monthly)",
        ),
        Source("clar_cla_review_date", "review_date", transform=DATE),
        Source("clar_cla_review_cancelled", None, why="cancelled reviews are not imported"),
        Source("clar_cla_review_participation", None, why="not used by any measure"),
    ),
    extensions=("child_id",),
    skips=(
        Skip("clar_cla_review_cancelled", ("y", "yes"), "cancelled reviews were not held"),
        Skip(
            "clar_cla_review_date",
            ("",),
            "reviews not held yet (a due date only); due dates are worked out here",
        ),
    ),
    lacks={
        "child_id": "the SSD names the period of care (clar_cla_id), not the child: the child "
        "is found in the care episodes with that clae_cla_id, so import ssd_cla_episodes too",
    },
)

MISSING = Layout(
    name="ssd_missing",
    standard=SSD,
    extract="missing_episodes",
    identify=("miss_table_id",),
    sources=(
        Source("miss_table_id", "missing_id"),
        Source("miss_person_id", "child_id"),
        Source("miss_missing_episode_start_date", "started_at"),
        Source(
            "miss_missing_episode_type",
            "episode_type",
            codes={
                "m": "missing",
                "missing": "missing",
                "a": "absent",
                "absent": "absent",
                "away": "absent",
            },
            fix=N_("write M (missing) or A (absent, away without authorisation)"),
        ),
        Source("miss_missing_episode_end_date", "ended_at"),
        Source(
            "miss_missing_rhi_offered",
            None,
            why="a flag without the time; the 72-hour measure reads 'Interview Offered At'",
        ),
        Source(
            "miss_missing_rhi_accepted",
            None,
            why="'not accepted' cannot be told from 'not offered'; add 'Interview Declined'",
        ),
    ),
    extensions=("interview_offered_at", "interview_held_date", "interview_declined"),
    required_extensions={
        "interview_offered_at": "the return interview should be offered within 72 hours of the "
        "child's return (wb_return_interview_72h_pct); the SSD holds only whether one was "
        "offered, so without the date-time every offer would count as not made",
    },
    lacks={
        "interview_held_date": "not in the SSD: add 'Interview Held Date', or "
        "wb_return_interview_held_pct counts none as held",
    },
)

HEALTH = Layout(
    name="ssd_cla_health",
    standard=SSD,
    extract="lac_health_checks",
    identify=("clah_health_check_id",),
    sources=(
        Source("clah_health_check_id", "health_check_id"),
        Source("clah_person_id", "child_id"),
        Source(
            "clah_health_check_type",
            "check_type",
            codes={
                "gp registration": "gp_registration",
                "gp": "gp_registration",
                "health assessment": "health_assessment",
                "health check": "health_assessment",
                "dental check": "dental_check",
                "dental": "dental_check",
            },
            fix=N_("write GP registration, Health assessment or Dental check"),
        ),
        Source("clah_health_check_date", "check_date", transform=DATE),
        Source("clah_health_check_status", None, why="not used by any measure"),
    ),
    lacks={
        "check_type": "the SSD's health checks need not include GP registration: add rows of "
        "type 'GP registration', or pi_lac_gp_10wd_pct shows no figure",
    },
)

LOOKED_AFTER = (CLA_EPISODES, CLA_PLACEMENT, CLA_VISITS, CLA_REVIEWS, MISSING, HEALTH)
