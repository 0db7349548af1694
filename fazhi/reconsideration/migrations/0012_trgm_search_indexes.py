"""Trigram indexes for searching parties by name and cases by contested act on PostgreSQL (issue 11
item 3); nothing on SQLite. See fazhi.core.search_index."""

from django.db import migrations

from fazhi.core.search_index import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("reconsideration", "0011_integ_status_changes_name"),
    ]

    operations = [
        trigram_index("reconsideration_party", "name", "recon_party_name_trgm"),
        trigram_index("reconsideration_reconsiderationcase", "contested_act", "recon_contested_act_trgm"),
    ]
