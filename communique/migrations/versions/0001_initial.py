"""the event database: documents, actors, mentions, events, event mentions, quotes, failures, dyad days

Revision ID: 0001
Revises: 
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=512), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('sector', sa.String(length=8), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name', 'code', name='uq_actors_name_code')
    )
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.create_index('ix_actors_country', ['country'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=True),
    sa.Column('doc_key', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('outlet', sa.String(length=255), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('coder_version', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('tone', sa.Float(), nullable=True),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('text_hash'),
    sa.UniqueConstraint('url')
    )
    op.create_table('dyad_days',
    sa.Column('country_a', sa.String(length=8), nullable=False),
    sa.Column('country_b', sa.String(length=8), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('quad1', sa.Integer(), nullable=False),
    sa.Column('quad2', sa.Integer(), nullable=False),
    sa.Column('quad3', sa.Integer(), nullable=False),
    sa.Column('quad4', sa.Integer(), nullable=False),
    sa.Column('goldstein_sum', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('country_a', 'country_b', 'day')
    )
    op.create_table('failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=2048), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('first_seen', sa.DateTime(), nullable=False),
    sa.Column('last_seen', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source')
    )
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_actor_id', sa.Integer(), nullable=True),
    sa.Column('target_actor_id', sa.Integer(), nullable=True),
    sa.Column('source_code', sa.String(length=32), nullable=True),
    sa.Column('target_code', sa.String(length=32), nullable=True),
    sa.Column('source_country', sa.String(length=8), nullable=True),
    sa.Column('target_country', sa.String(length=8), nullable=True),
    sa.Column('cameo', sa.String(length=4), nullable=False),
    sa.Column('root', sa.String(length=2), nullable=False),
    sa.Column('plover', sa.String(length=32), nullable=True),
    sa.Column('plover_mode', sa.String(length=32), nullable=True),
    sa.Column('goldstein', sa.Float(), nullable=False),
    sa.Column('quad_class', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=8), nullable=False),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('place_country', sa.String(length=8), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('num_mentions', sa.Integer(), nullable=False),
    sa.Column('num_sources', sa.Integer(), nullable=False),
    sa.Column('num_articles', sa.Integer(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('avg_tone', sa.Float(), nullable=True),
    sa.Column('source_url', sa.Text(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['source_actor_id'], ['actors.id'], ),
    sa.ForeignKeyConstraint(['target_actor_id'], ['actors.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_date', ['date'], unique=False)
        batch_op.create_index('ix_events_dyad', ['source_country', 'target_country', 'date'], unique=False)
        batch_op.create_index('ix_events_match', ['root', 'source_code', 'target_code', 'date'], unique=False)
        batch_op.create_index('ix_events_plover', ['plover'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index('ix_mentions_actor', ['actor_id'], unique=False)
        batch_op.create_index('ix_mentions_document', ['document_id'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('speaker_actor_id', sa.Integer(), nullable=True),
    sa.Column('speaker_name', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('cue', sa.String(length=64), nullable=True),
    sa.Column('via', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_actor_id'], ['actors.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index('ix_quotes_document', ['document_id'], unique=False)
        batch_op.create_index('ix_quotes_speaker', ['speaker_actor_id'], unique=False)

    op.create_table('event_mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('cameo', sa.String(length=4), nullable=False),
    sa.Column('source_actor_id', sa.Integer(), nullable=True),
    sa.Column('target_actor_id', sa.Integer(), nullable=True),
    sa.Column('claimed_by_actor_id', sa.Integer(), nullable=True),
    sa.Column('negated', sa.Boolean(), nullable=False),
    sa.Column('in_lead', sa.Boolean(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=8), nullable=False),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('trigger_start', sa.Integer(), nullable=False),
    sa.Column('trigger_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claimed_by_actor_id'], ['actors.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_actor_id'], ['actors.id'], ),
    sa.ForeignKeyConstraint(['target_actor_id'], ['actors.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'local_id', name='uq_event_mentions_document_local')
    )
    with op.batch_alter_table('event_mentions', schema=None) as batch_op:
        batch_op.create_index('ix_event_mentions_event', ['event_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('event_mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_event_mentions_event')

    op.drop_table('event_mentions')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index('ix_quotes_speaker')
        batch_op.drop_index('ix_quotes_document')

    op.drop_table('quotes')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_mentions_document')
        batch_op.drop_index('ix_mentions_actor')

    op.drop_table('mentions')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_plover')
        batch_op.drop_index('ix_events_match')
        batch_op.drop_index('ix_events_dyad')
        batch_op.drop_index('ix_events_date')

    op.drop_table('events')
    op.drop_table('failures')
    op.drop_table('dyad_days')
    op.drop_table('documents')
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_index('ix_actors_country')

    op.drop_table('actors')
