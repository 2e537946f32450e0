import pytest
from django.core.exceptions import ValidationError

from coordination.models import Assignment, Document, Role, SteeringGroup, TrainingEvent
from followup.models import Goal


def _scope_error(obj) -> list[str]:
    with pytest.raises(ValidationError) as error:
        obj.clean_scope()
    assert error.value.code == "scope"
    return error.value.messages


def test_it_names_the_key_that_holds_the_scope(world):
    group = SteeringGroup(name="Styrgrupp", district=world.angered)
    document = Document(title="Styrdokument", region=world.region)

    assert (group.scope_kind, group.scope) == ("district", world.angered)
    assert (document.scope_kind, document.scope) == ("region", world.region)
    nowhere = SteeringGroup(name="Utan")
    assert (nowhere.scope_kind, nowhere.scope) == (None, None)


def test_it_says_which_scopes_each_model_offers(world):
    two = {"district": world.angered, "municipality": world.goteborg}

    assert _scope_error(Assignment(role=Role.CHEF, **two)) == [
        "Välj exakt ett ansvarsområde: en familjecentral, en stadsdel, en kommun eller en region."
    ]
    assert _scope_error(SteeringGroup(**two)) == [
        "Välj exakt ett ansvarsområde: en familjecentral, en stadsdel eller en kommun."
    ]
    assert _scope_error(TrainingEvent()) == [
        "Välj exakt ett ansvarsområde: en stadsdel eller en kommun."
    ]
    assert _scope_error(Goal()) == ["Välj exakt en ägare: en kommun eller en region."]


def test_it_accepts_exactly_one_scope(world):
    SteeringGroup(name="Styrgrupp", centre=world.hjallbo).clean_scope()
    Goal(region=world.region).clean_scope()
