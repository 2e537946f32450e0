# Every goal and period now has exactly one owner, and codes are unique per owner.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("followup", "0004_give_owners"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='goal',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('municipality__isnull', False), ('region__isnull', True)), models.Q(('municipality__isnull', True), ('region__isnull', False)), _connector='OR'), name='followup_goal_one_owner'),
        ),
        migrations.AddConstraint(
            model_name='goal',
            constraint=models.UniqueConstraint(fields=('municipality', 'code'), name='followup_goal_unique_per_municipality'),
        ),
        migrations.AddConstraint(
            model_name='goal',
            constraint=models.UniqueConstraint(fields=('region', 'code'), name='followup_goal_unique_per_region'),
        ),
        migrations.AddConstraint(
            model_name='goal',
            constraint=models.UniqueConstraint(fields=('municipality', 'name'), name='followup_goal_name_unique_per_municipality'),
        ),
        migrations.AddConstraint(
            model_name='goal',
            constraint=models.UniqueConstraint(fields=('region', 'name'), name='followup_goal_name_unique_per_region'),
        ),
        migrations.AddConstraint(
            model_name='period',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('municipality__isnull', False), ('region__isnull', True)), models.Q(('municipality__isnull', True), ('region__isnull', False)), _connector='OR'), name='followup_period_one_owner'),
        ),
        migrations.AddConstraint(
            model_name='period',
            constraint=models.UniqueConstraint(fields=('municipality', 'kind', 'start'), name='followup_period_unique_per_municipality'),
        ),
        migrations.AddConstraint(
            model_name='period',
            constraint=models.UniqueConstraint(fields=('region', 'kind', 'start'), name='followup_period_unique_per_region'),
        ),
    ]
