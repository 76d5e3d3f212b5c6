"""Every key the dashboard keeps in ``st.session_state``, named once.

Widget keys double as query-parameter names where a widget is bound to the URL (the filters, the term),
so a renamed key is a broken shared link: change them here, knowingly, or not at all.
"""

# The shared sidebar filters (widget keys and URL parameters).
SOURCE, DATES, THEME, TOPIC, TONE, ENTITY, TEXT = "source", "dates", "theme", "topic", "tone", "entity", "q"
#: The corpus's first and last day, the date filter's default (set by the sidebar each run).
DATE_SPAN = "date_span"
#: The Filters the sidebar drew this run, for the page that runs after it.
FILTERS = "active_filters"
#: This session's uploaded files, name → bytes; they never reach another session.
UPLOADS = "uploaded_files"
#: The corpus this run shows (the server's plus the uploads), resolved once per run by the entry point.
RUN_CORPUS = "run_corpus"
#: The analysis this run draws from, resolved once (the sidebar and the page must not see two).
RUN_ANALYSIS = "run_analysis"
#: Set once the visitor has typed the access code.
GRANTED = "access_granted"

# The reader (Articles page): the article shown, the last one a link opened, the last one picked in the list.
ARTICLE = "article"
LINKED_ARTICLE = "linked_article"
LAST_ARTICLE_PICK = "last_article_pick"
#: The entity whose portrayal the Sentiment page shows.
PORTRAYED_ENTITY = "portrayed_entity"
#: The Sentiment page's compare view: each chart's clicked bar in the last run, and which chart was clicked last.
PORTRAYAL_PICKS = "portrayal_picks"
PORTRAYAL_LAST_PICK = "portrayal_last_pick"
