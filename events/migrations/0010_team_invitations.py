"""Team invitations: an event's admins invite a person by email with a role.

A new table only (the link's secret is stored as its SHA-256 digest); backwards it goes.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0009_event_badge_languages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='TeamInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('email', models.EmailField(max_length=254, verbose_name='email')),
                ('role', models.CharField(choices=[('admin', 'Administrator'), ('accreditation', 'Accreditation officer'), ('checkin', 'Check-in staff'), ('programme', 'Programme manager')], max_length=20, verbose_name='role')),
                ('digest', models.CharField(editable=False, max_length=64, unique=True)),
                ('language', models.CharField(max_length=10, verbose_name='language')),
                ('invited_by_label', models.CharField(blank=True, max_length=150, verbose_name='invited by')),
                ('expires_at', models.DateTimeField(verbose_name='expires at')),
                ('sent_count', models.PositiveIntegerField(default=1, editable=False)),
                ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted at')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='cancelled at')),
                ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team_invitations', to='events.event')),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'team invitation',
                'verbose_name_plural': 'team invitations',
                'ordering': ['event', '-created_at'],
                'constraints': [models.CheckConstraint(condition=models.Q(('accepted_at__isnull', True), ('revoked_at__isnull', True), _connector='OR'), name='team_invitation_accepted_or_revoked')],
            },
        ),
    ]
