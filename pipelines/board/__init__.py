"""The improvement board's meeting: verdicts since the inspection, the improvement plan,
commentary, RAG ratings, board decks and the board pack. No Streamlit here."""
