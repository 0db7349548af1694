"""Seal table for the audit chain (issue 8 item 5) and TRUNCATE triggers (item 4a).

Events are now linked into the chain after commit by append-only AuditSeal rows, so writing an
event locks nothing shared. Existing events are sealed here in id order (their stored hashes
already chain them; the seals continue that order). The seal table gets the same append-only
triggers as the events; on PostgreSQL both tables also refuse TRUNCATE, which has no row trigger.
The truncate guard lets a session through only when ``fazhi.audit_allow_truncate`` is ``on`` —
set on test databases only (conftest.py), because Django's test flush truncates every table.
SQLite rebuilt audit_auditevent for the AlterField, dropping its trigger: it is created again.
"""

import hashlib

import django.db.models.deletion
from django.db import migrations, models

GENESIS = "0" * 64

PG_CREATE = """
CREATE OR REPLACE FUNCTION audit_truncate_guard() RETURNS trigger AS $$
BEGIN
  IF current_setting('fazhi.audit_allow_truncate', true) = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION '审计记录不可清空 (audit tables cannot be truncated)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
  FOR EACH STATEMENT EXECUTE FUNCTION audit_truncate_guard();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_auditseal
  FOR EACH STATEMENT EXECUTE FUNCTION audit_truncate_guard();
CREATE TRIGGER audit_seal_no_update BEFORE UPDATE ON audit_auditseal
  FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
CREATE TRIGGER audit_seal_no_delete BEFORE DELETE ON audit_auditseal
  FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_seal_no_truncate ON audit_auditseal;
DROP TRIGGER IF EXISTS audit_seal_no_update ON audit_auditseal;
DROP TRIGGER IF EXISTS audit_seal_no_delete ON audit_auditseal;
DROP FUNCTION IF EXISTS audit_truncate_guard();
"""
SQLITE_CREATE = [
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, '审计记录不可修改 (audit events are append-only)'); END;",
    "CREATE TRIGGER IF NOT EXISTS audit_seal_no_update BEFORE UPDATE ON audit_auditseal "
    "BEGIN SELECT RAISE(ABORT, '审计封存不可修改 (audit seals are append-only)'); END;",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_seal_no_update;"]


def triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE)
    elif vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


def seal_existing(apps, schema_editor):
    from django.utils import timezone

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditSeal = apps.get_model("audit", "AuditSeal")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    AuditChainHead.objects.get_or_create(id=1, defaults={"last_hash": GENESIS})
    seq, prev, last_id, now = 0, GENESIS, 0, timezone.now()
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id").values_list("id", "hash")[:5000])
        if not rows:
            return
        seals = []
        for event_id, event_hash in rows:
            seq += 1
            link = hashlib.sha256(f"{prev}\n{seq}:{event_id}:{event_hash}".encode()).hexdigest()
            seals.append(
                AuditSeal(seq=seq, event_id=event_id, event_hash=event_hash, prev_hash=prev, hash=link, sealed_at=now)
            )
            prev, last_id = link, event_id
        AuditSeal.objects.bulk_create(seals)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_triggers'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(db_index=True, max_length=64, verbose_name='本记录哈希'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(blank=True, default='', max_length=64, verbose_name='前一记录哈希'),
        ),
        migrations.CreateModel(
            name='AuditSeal',
            fields=[
                ('seq', models.BigIntegerField(primary_key=True, serialize=False, verbose_name='封存序号')),
                ('event_hash', models.CharField(max_length=64, verbose_name='记录哈希')),
                ('prev_hash', models.CharField(max_length=64, verbose_name='前一封存哈希')),
                ('hash', models.CharField(max_length=64, verbose_name='封存哈希')),
                ('sealed_at', models.DateTimeField(verbose_name='封存时间')),
                ('event', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='seal', to='audit.auditevent', verbose_name='审计记录')),
            ],
            options={
                'verbose_name': '审计封存',
                'verbose_name_plural': '审计封存',
            },
        ),
        migrations.RunPython(triggers, drop_triggers),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
    ]
