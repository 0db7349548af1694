"""Trigram indexes on the court case number and the cause for the list's ``?q=`` search (issue 15
item 5); nothing on SQLite. See fazhi.core.search and fazhi.core.search_index."""

from django.db import migrations

from fazhi.core.search_index import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("litigation", "0011_trgm_search_indexes"),
    ]

    operations = [
        trigram_index("litigation_litigationcase", "court_case_number", "lit_case_number_trgm"),
        trigram_index("litigation_litigationcase", "cause", "lit_cause_trgm"),
    ]
