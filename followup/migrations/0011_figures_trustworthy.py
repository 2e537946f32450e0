from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('centres', '0005_meeting_places'),
        ('followup', '0010_report_district_required'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='indicatortarget',
            options={'ordering': ['indicator', 'year', 'period_kind'], 'verbose_name': 'target', 'verbose_name_plural': 'targets'},
        ),
        migrations.RemoveConstraint(
            model_name='indicatortarget',
            name='followup_indicatortarget_one_per_year',
        ),
        migrations.RemoveConstraint(
            model_name='period',
            name='followup_period_deadline_after_start',
        ),
        migrations.AddField(
            model_name='goal',
            name='valid_from',
            field=models.DateField(blank=True, help_text='Left empty: from the start. Reports of periods before it do not ask for it.', null=True, verbose_name='valid from'),
        ),
        migrations.AddField(
            model_name='goal',
            name='valid_to',
            field=models.DateField(blank=True, help_text='Left empty: until further notice. Reports of periods after it do not ask for it.', null=True, verbose_name='valid to'),
        ),
        migrations.AddField(
            model_name='historicalgoal',
            name='valid_from',
            field=models.DateField(blank=True, help_text='Left empty: from the start. Reports of periods before it do not ask for it.', null=True, verbose_name='valid from'),
        ),
        migrations.AddField(
            model_name='historicalgoal',
            name='valid_to',
            field=models.DateField(blank=True, help_text='Left empty: until further notice. Reports of periods after it do not ask for it.', null=True, verbose_name='valid to'),
        ),
        migrations.AddField(
            model_name='historicalindicator',
            name='period_kind',
            field=models.CharField(choices=[('ar', 'Year'), ('halvar', 'Half-year'), ('tertial', 'Tertial'), ('kvartal', 'Quarter')], default='kvartal', help_text="The kind of period the indicator is reported in: it is asked for only in the owner's periods of this kind, so a figure is entered and counted once.", max_length=10, verbose_name='reported per'),
        ),
        migrations.AddField(
            model_name='historicalindicator',
            name='valid_from',
            field=models.DateField(blank=True, help_text='Left empty: from the start. Reports of periods before it do not ask for it.', null=True, verbose_name='valid from'),
        ),
        migrations.AddField(
            model_name='historicalindicator',
            name='valid_to',
            field=models.DateField(blank=True, help_text='Left empty: until further notice. Reports of periods after it do not ask for it.', null=True, verbose_name='valid to'),
        ),
        migrations.AddField(
            model_name='historicalindicatortarget',
            name='level',
            field=models.CharField(choices=[('central', 'Per centre'), ('omrade', 'Per district'), ('kommun', 'Per municipality')], default='central', help_text='Whom the target is for: each centre, each district or the whole municipality. A total of several is compared with the target times their number.', max_length=10, verbose_name='level'),
        ),
        migrations.AddField(
            model_name='historicalindicatortarget',
            name='period_kind',
            field=models.CharField(choices=[('ar', 'Year'), ('halvar', 'Half-year'), ('tertial', 'Tertial'), ('kvartal', 'Quarter')], default='kvartal', help_text="A quarter's target is compared with quarters, a year's with whole years.", max_length=10, verbose_name='per period'),
        ),
        migrations.AddField(
            model_name='historicalperiod',
            name='early_submission',
            field=models.BooleanField(default=False, help_text='Reports may be submitted before the period has ended. Otherwise they can be saved, but submitted only from the day after its last day.', verbose_name='submission before the end allowed'),
        ),
        migrations.AddField(
            model_name='historicalreport',
            name='first_submitted_at',
            field=models.DateTimeField(blank=True, help_text='Kept when the report is returned and submitted again: it decides on time.', null=True, verbose_name='first submitted'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='period_kind',
            field=models.CharField(choices=[('ar', 'Year'), ('halvar', 'Half-year'), ('tertial', 'Tertial'), ('kvartal', 'Quarter')], default='kvartal', help_text="The kind of period the indicator is reported in: it is asked for only in the owner's periods of this kind, so a figure is entered and counted once.", max_length=10, verbose_name='reported per'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='valid_from',
            field=models.DateField(blank=True, help_text='Left empty: from the start. Reports of periods before it do not ask for it.', null=True, verbose_name='valid from'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='valid_to',
            field=models.DateField(blank=True, help_text='Left empty: until further notice. Reports of periods after it do not ask for it.', null=True, verbose_name='valid to'),
        ),
        migrations.AddField(
            model_name='indicatortarget',
            name='level',
            field=models.CharField(choices=[('central', 'Per centre'), ('omrade', 'Per district'), ('kommun', 'Per municipality')], default='central', help_text='Whom the target is for: each centre, each district or the whole municipality. A total of several is compared with the target times their number.', max_length=10, verbose_name='level'),
        ),
        migrations.AddField(
            model_name='indicatortarget',
            name='period_kind',
            field=models.CharField(choices=[('ar', 'Year'), ('halvar', 'Half-year'), ('tertial', 'Tertial'), ('kvartal', 'Quarter')], default='kvartal', help_text="A quarter's target is compared with quarters, a year's with whole years.", max_length=10, verbose_name='per period'),
        ),
        migrations.AddField(
            model_name='period',
            name='early_submission',
            field=models.BooleanField(default=False, help_text='Reports may be submitted before the period has ended. Otherwise they can be saved, but submitted only from the day after its last day.', verbose_name='submission before the end allowed'),
        ),
        migrations.AddField(
            model_name='report',
            name='first_submitted_at',
            field=models.DateTimeField(blank=True, help_text='Kept when the report is returned and submitted again: it decides on time.', null=True, verbose_name='first submitted'),
        ),
    ]
