"""The areas the inspectors examined, each a dashboard page: which indicators it shows, in what
order, and which breakdown is most telling for each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AreaChart:
    indicator_id: str
    breakdown: str  # the breakdown shown beside the SPC chart ("" for none)


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    intro: str
    charts: tuple[AreaChart, ...]


AREAS: dict[str, Area] = {
    a.key: a
    for a in (
        Area(
            "front_door",
            "Front door (IAA)",
            "Contacts received, how quickly they are screened, and the backlog awaiting a decision. "
            "Inspectors found a growing backlog of contacts awaiting a decision in 2022.",
            (
                AreaChart("fd_iaa_backlog", "age_band"),
                AreaChart("fd_iaa_backlog_oldest_wd", "team"),
                AreaChart("fd_decision_1wd_pct", "source"),
                AreaChart("fd_contacts_received", "source"),
                AreaChart("fd_contact_conversion_pct", "source"),
                AreaChart("fd_rereferral_12m_pct", "source"),
            ),
        ),
        Area(
            "assessments",
            "Assessments",
            "Part 3 assessments against the statutory 42 working days from referral, open "
            "assessments running late, and whether the child was seen and seen alone.",
            (
                AreaChart("pe_assessment_42wd_pct", "team"),
                AreaChart("pe_assessments_overdue", "team"),
                AreaChart("pe_assessments_at_risk", "team"),
                AreaChart("pe_assessment_median_wd", "team"),
                AreaChart("pe_child_seen_pct", "team"),
                AreaChart("pe_child_seen_alone_pct", "team"),
            ),
        ),
        Area(
            "caseloads",
            "Caseloads and workforce",
            "Children allocated per case-holding FTE, workers over the caseload threshold, "
            "children awaiting allocation, first-year social workers holding child protection "
            "or PLO cases, and reliance on agency staff; then the workforce behind them: "
            "vacancies, newly qualified staff, turnover and sickness, supervision, case file "
            "audits and mandatory training. Every inspection since 2018 came back to these.",
            (
                AreaChart("wf_caseload_avg", "team"),
                AreaChart("wf_caseload_over_threshold", "team"),
                AreaChart("wf_unallocated_children", "team"),
                AreaChart("wf_first_year_cp_plo_cases", "team"),
                AreaChart("wf_agency_sw_pct", "team"),
                AreaChart("wf_sw_vacancy_pct", "team"),
                AreaChart("wf_newly_qualified_pct", "team"),
                AreaChart("wf_sw_turnover_pct", "leaving_reason"),
                AreaChart("wf_sickness_days_fte", "team"),
                AreaChart("wf_supervision_timely_pct", "experience"),
                AreaChart("wf_supervision_recorded_pct", "team"),
                AreaChart("wb_casp_audit_good_pct", "practice_area"),
                AreaChart("wb_casp_audits", "grade"),
                AreaChart("wf_mandatory_training_pct", "team"),
            ),
        ),
        Area(
            "waiting_lists",
            "Waiting lists",
            "Children waiting for early help and other services, per service: how many wait at "
            "the end of each period, how long those allocated waited, and the longest wait now.",
            (
                AreaChart("pv_eh_waiting_count", "service"),
                AreaChart("pv_eh_wait_weeks", "service"),
                AreaChart("pv_eh_wait_weeks_p90", "service"),
                AreaChart("pv_eh_longest_wait_weeks", "service"),
            ),
        ),
        Area(
            "child_protection",
            "Child protection",
            "From a contact to the child protection register: strategy discussions and the Section "
            "47 enquiries they start, initial and review conferences, core groups and statutory "
            "visits, against the Wales Safeguarding Procedures' timescales, and whether police, "
            "health and education take part and hear the outcome. The June 2023 joint inspection "
            "found partners struggling to resource the growth in child protection activity, and "
            "enquiry outcomes rarely shared beyond the police.",
            (
                AreaChart("wb_cpr_rate", "category"),
                AreaChart("wb_cpr_registrations", "category"),
                AreaChart("wb_cpr_reregistration_pct", "category"),
                AreaChart("wb_cpr_reregistration_ever_pct", "category"),
                AreaChart("wb_cpr_avg_days", "category"),
                AreaChart("wb_cpr_over_12m", "category"),
                AreaChart("wb_strategy_24h_pct", "timing"),
                AreaChart("wb_icpc_15wd_pct", "team"),
                AreaChart("wb_outline_plan_5wd_pct", "team"),
                AreaChart("wb_initial_core_group_10wd_pct", "team"),
                AreaChart("wb_core_group_6wk_pct", "team"),
                AreaChart("wb_cp_visit_10wd_pct", "team"),
                AreaChart("wb_cp_review_timely_pct", "team"),
                AreaChart("pi_strategy_multiagency_pct", "team"),
                AreaChart("pi_s47_outcome_shared_pct", "team"),
                AreaChart("pi_conference_attendance_pct", "agency"),
            ),
        ),
        Area(
            "looked_after",
            "Looked-after children",
            "Children looked after by the council: how many, where they live (the council's own "
            "foster carers, independent providers, outside the county), how stable their "
            "placements and social workers are, whether statutory visits and reviews happen on "
            "time, and children missing from home or care with their return interviews. The "
            "Bridgend (2022) and Blaenau Gwent (2018) inspections found in-house foster carers "
            "falling, growing reliance on independent and out-of-area placements, and missing "
            "episodes recorded too thinly.",
            (
                AreaChart("pv_lac_rate", "placement"),
                AreaChart("pv_lac_starts", "team"),
                AreaChart("pv_lac_ceased", "team"),
                AreaChart("pv_external_placement_pct", "placement"),
                AreaChart("pv_out_of_area_pct", "placement"),
                AreaChart("pv_inhouse_foster_net", ""),
                AreaChart("pv_unmatched_placement_requests", ""),
                AreaChart("wb_lac_3plus_placements_pct", "age_band"),
                AreaChart("wf_lac_sw_stable_6m_pct", "team"),
                AreaChart("pv_returned_home_pct", "team"),
                AreaChart("pv_remain_with_family_pct", "team"),
                AreaChart("wb_lac_visit_timely_pct", "placement"),
                AreaChart("wb_lac_review_timely_pct", "team"),
                AreaChart("pi_lac_gp_10wd_pct", "placement"),
                AreaChart("wb_missing_episodes", "looked_after"),
                AreaChart("wb_missing_repeat", "looked_after"),
                AreaChart("wb_missing_per_child", "looked_after"),
                AreaChart("wb_return_interview_72h_pct", "looked_after"),
                AreaChart("wb_return_interview_held_pct", "looked_after"),
            ),
        ),
    )
}
