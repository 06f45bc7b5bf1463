"""Access log (administrators): who opened which list of individual children or workers."""

import streamlit as st

from pipelines import config
from pipelines.presentation.i18n import _
from pipelines.store.access_log import read_access_log
from ui.guard import require_router

require_router()

st.title(_("Access log"))
st.write(
    _(
        "Every time a manager, analyst or administrator opens a list that names individual "
        "children or workers (by case-system id), it is recorded here: who, when, which list and "
        "with which filters. The log is append-only and kept beside the store; imports and "
        "withdrawals never change it."
    )
)
log = read_access_log(config.store_path())
if log.is_empty():
    st.write(_("No record-level list has been opened yet."))
    st.stop()
st.dataframe(
    log.select("viewed_at", "viewed_by", "role", "list_name", "parameters", "row_count").rename(
        {
            "viewed_at": _("When"),
            "viewed_by": _("Who"),
            "role": _("Role"),
            "list_name": _("List"),
            "parameters": _("Filters"),
            "row_count": _("Rows shown"),
        }
    ),
    hide_index=True,
    width="stretch",
)
