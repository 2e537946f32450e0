from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("followup", "0012_fill_series_and_first_submission")]

    operations = [
        migrations.AddConstraint(
            model_name='goal',
            constraint=models.CheckConstraint(condition=models.Q(('valid_from__isnull', True), ('valid_to__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='followup_goal_valid_span'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(('valid_from__isnull', True), ('valid_to__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='followup_indicator_valid_span'),
        ),
        migrations.AddConstraint(
            model_name='indicatortarget',
            constraint=models.UniqueConstraint(fields=('indicator', 'year', 'period_kind'), name='followup_indicatortarget_one_per_year_and_kind'),
        ),
        migrations.AddConstraint(
            model_name='period',
            constraint=models.CheckConstraint(condition=models.Q(('deadline__gte', models.F('end'))), name='followup_period_deadline_after_end'),
        ),
    ]
