"""Who may read or change what: the one place access is decided.

Everyone logged in reads the register and submitted or approved follow-up. Changing something
needs an active assignment whose scope covers the object: a samordnare covers one centre, a
processledare one district (and its centres), an övergripande koordinator one municipality (and
its districts and centres), a regional koordinator one region (and all of its municipalities).
The chef role reads its scope, including drafts, but changes nothing. The regional
koordinator sets up the region's shared follow-up (`can_manage_followup`), reads the centres'
reports once submitted but never their drafts (followup/rules.py), and reviews no
municipality's reports unless also given a reviewing role there. Django superusers may do
everything.

Governance (the coordination app) is public within the portal, as the minutes and agreements of
Swedish public bodies are: everyone logged in reads steering groups, meetings and decisions,
dilemmas, training events, agreements with their documents, cost entries and settlements, and
everyone's assignments. Changing them:

- steering groups (and members), meetings (and decisions), training events, agreements and cost
  entries: `can_manage` on the object's scope, i.e. a processledare of the district or a
  koordinator of the municipality (for a centre-scoped group: of the centre's district or
  municipality). A municipality-wide agreement is the koordinator's alone.
- dilemmas: raised by anyone who works in the district (samordnare of one of its centres,
  processledare, koordinator); changed by the processledare/koordinator over the district, or by
  the person who raised it while they still work there.
- a decision's status: also the person responsible for it.
- assignments on portal pages: a koordinator within their municipality (admins everywhere; Django
  admin stays the admins' tool).
- the chef role changes nothing.

Because governance is readable by everyone, a write page outside the user's scope answers 403,
never 404; 404 is only for objects that do not exist.

Views ask the permissions registered below (`request.user.has_perm(...)`; the coordination views
through `familjecentral.permissions.require_perm`, which answers 403). List pages scope their
querysets with the `*_for_user()` functions, in the query.
"""

from __future__ import annotations

from collections.abc import Iterable

import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from centres.area import ALL, Area
from centres.models import District, FamilyCentre, MeetingPlace, Municipality, Region
from coordination.models import (
    EDITING_ROLES,
    REVIEWING_ROLES,
    Assignment,
    Decision,
    Dilemma,
    Document,
    Role,
    SteeringGroup,
)

ALL_ROLES = tuple(Role)
User = AbstractBaseUser | AnonymousUser


# What a user's assignments cover is worked out once per user object and kept on it as plain
# ids: each page then filters by a short list instead of compiling (and making PostgreSQL plan)
# the same nested subqueries again in every query. A request has its own user object, so the ids
# live for one request; within one process any change to an assignment or to where a centre,
# district or municipality belongs starts a new generation (the receivers in `apps.py`), so a
# long-lived user object, in a test or a shell, never reads stale ids either.
_generation = [0]


def forget_scopes(**kwargs) -> None:
    """A signal receiver: every user object works its scope out again."""
    _generation[0] += 1


def _memo(user: User) -> dict:
    key = (_generation[0], timezone.localdate())
    memo = getattr(user, "_portal_scopes", None)  # on the user itself, not on request.user's
    if memo is None or memo[0] != key:  # lazy wrapper, which permission checks see through
        memo = (key, {})
        user._portal_scopes = memo
    return memo[1]


def _active(user: User) -> list[tuple[str, int | None, int | None, int | None, int | None]]:
    """The user's active assignments as (role, centre, district, municipality, region) ids."""
    memo = _memo(user)
    if "assignments" not in memo:
        memo["assignments"] = list(
            Assignment.objects.active()
            .filter(user_id=user.pk)
            .values_list("role", "centre_id", "district_id", "municipality_id", "region_id")
        )
    return memo["assignments"]


def _scopes(user: User, roles: Iterable[str]) -> tuple[set[int], ...]:
    """The ids of the centres, districts, municipalities and regions the user's active
    assignments with one of `roles` are given for (each assignment has one of them)."""
    wanted = {str(role) for role in roles}
    found: tuple[set[int], ...] = (set(), set(), set(), set())
    for role, *ids in _active(user):
        if role in wanted:
            for kind, pk in enumerate(ids):
                if pk is not None:
                    found[kind].add(pk)
    return found


def _any_of(**conditions: set[int]) -> Q:
    q = Q(pk__in=[])
    for lookup, ids in conditions.items():
        if ids:
            q |= Q(**{f"{lookup}__in": sorted(ids)})
    return q


def _tree(user: User) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Everything any active assignment of the user covers, with where each lies: centres as
    (id, district, municipality, region), districts as (id, municipality, region) and
    municipalities as (id, region). At most three queries, whatever roles are asked for later."""
    memo = _memo(user)
    if "tree" not in memo:
        centres, districts, municipalities, regions = _scopes(user, ALL_ROLES)
        tree: tuple[list[tuple], list[tuple], list[tuple]] = ([], [], [])
        if centres or districts or municipalities or regions:
            tree[0].extend(
                FamilyCentre.objects.filter(
                    _any_of(
                        pk=centres,
                        district=districts,
                        district__municipality=municipalities,
                        district__municipality__region=regions,
                    )
                ).values_list(
                    "pk",
                    "district_id",
                    "district__municipality_id",
                    "district__municipality__region_id",
                )
            )
        if districts or municipalities or regions:
            tree[1].extend(
                District.objects.filter(
                    _any_of(pk=districts, municipality=municipalities, municipality__region=regions)
                ).values_list("pk", "municipality_id", "municipality__region_id")
            )
        if municipalities or regions:
            tree[2].extend(
                Municipality.objects.filter(_any_of(pk=municipalities, region=regions)).values_list(
                    "pk", "region_id"
                )
            )
        memo["tree"] = tree
    return memo["tree"]


def _ids(user: User, level: int, roles: Iterable[str]) -> list[int]:
    """The ids at `level` (0 centres, 1 districts, 2 municipalities, 3 regions) that an active
    assignment with one of `roles` covers: those given, or lying inside one given."""
    key = (level, frozenset(str(role) for role in roles))
    memo = _memo(user)
    if key not in memo:
        given = _scopes(user, roles)[level:]
        if level == 3:
            memo[key] = sorted(given[0])
        else:
            memo[key] = sorted(
                row[0]
                for row in _tree(user)[level]
                if any(pk in ids for pk, ids in zip(row, given, strict=True))
            )
    return memo[key]


def has_assignment(user: User, roles: Iterable[str]) -> bool:
    """Whether the user has an active assignment with one of `roles`."""
    wanted = {str(role) for role in roles}
    return user.is_authenticated and any(a[0] in wanted for a in _active(user))


def centre_ids(user: User, roles: Iterable[str] = EDITING_ROLES) -> list[int]:
    """The ids of the centres an active assignment with one of `roles` covers (superusers,
    who cover everything, are the callers' to handle)."""
    return _ids(user, 0, roles)


def district_ids(user: User, roles: Iterable[str] = EDITING_ROLES) -> list[int]:
    return _ids(user, 1, roles)


def municipality_ids(user: User, roles: Iterable[str] = EDITING_ROLES) -> list[int]:
    return _ids(user, 2, roles)


def region_ids(user: User, roles: Iterable[str] = EDITING_ROLES) -> list[int]:
    return _ids(user, 3, roles)


def centres_for_user(user: User, roles: Iterable[str] = EDITING_ROLES) -> QuerySet[FamilyCentre]:
    """The centres an active assignment with one of `roles` covers."""
    if not user.is_authenticated:
        return FamilyCentre.objects.none()
    if user.is_superuser:
        return FamilyCentre.objects.all()
    return FamilyCentre.objects.filter(pk__in=centre_ids(user, roles))


def districts_for_user(user: User, roles: Iterable[str] = EDITING_ROLES) -> QuerySet[District]:
    """The districts an active district or municipality assignment with one of `roles` covers."""
    if not user.is_authenticated:
        return District.objects.none()
    if user.is_superuser:
        return District.objects.all()
    return District.objects.filter(pk__in=district_ids(user, roles))


def municipalities_for_user(
    user: User, roles: Iterable[str] = EDITING_ROLES
) -> QuerySet[Municipality]:
    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=municipality_ids(user, roles))


def regions_for_user(user: User, roles: Iterable[str] = EDITING_ROLES) -> QuerySet[Region]:
    """The regions an active region assignment with one of `roles` covers."""
    if not user.is_authenticated:
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    return Region.objects.filter(pk__in=region_ids(user, roles))


def covers(user: User, obj: object, roles: Iterable[str]) -> bool:
    """Whether an active assignment with one of `roles` covers a centre, district,
    municipality or region."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if isinstance(obj, FamilyCentre):
        return obj.pk in centre_ids(user, roles)
    if isinstance(obj, District):
        return obj.pk in district_ids(user, roles)
    if isinstance(obj, Municipality):
        return obj.pk in municipality_ids(user, roles)
    if isinstance(obj, Region):
        return obj.pk in region_ids(user, roles)
    raise TypeError(f"No scope rule for {type(obj).__name__}")


@rules.predicate
def can_edit(user: User, obj: object) -> bool:
    """Samordnare, processledare or koordinator whose scope covers the object."""
    return obj is not None and covers(user, obj, EDITING_ROLES)


@rules.predicate
def can_review(user: User, obj: object) -> bool:
    """Processledare (own district) or koordinator (own municipality): approve and return."""
    return obj is not None and covers(user, obj, REVIEWING_ROLES)


@rules.predicate
def can_manage(user: User, obj: object) -> bool:
    """Processledare or koordinator: manage district- or municipality-level governance."""
    return obj is not None and covers(user, obj, REVIEWING_ROLES)


@rules.predicate
def has_role(user: User, *roles: str) -> bool:
    """Whether the user has an active assignment with one of `roles`, anywhere."""
    return has_assignment(user, roles)


def is_coordinator_anywhere(user: User) -> bool:
    """An övergripande koordinator of some municipality: may give assignments there."""
    return user.is_superuser or has_role(user, Role.KOORDINATOR)


def own_area(user: User) -> Area | None:
    """The register's "Mitt område" (`centres.area`): the centres any active assignment
    covers, their districts and districts covered whole, and `area_of`'s municipalities."""
    area = area_of(user)
    if area is None:
        return None
    return Area(
        centres=centres_for_user(user, ALL_ROLES),
        districts=covered_districts(user),
        municipalities=area[0],
    )


def covered_districts(user: User) -> QuerySet[District]:
    """The districts any active assignment covers whole, and those of the centres it covers
    (also a district without any centre, for rule 2)."""
    if not user.is_authenticated or user.is_superuser:
        return districts_for_user(user)
    return District.objects.filter(pk__in=_area_ids(user)[0])


def _area_ids(user: User) -> tuple[list[int], list[int], list[int]]:
    """The ids of `covered_districts`, and of `area_of`'s municipalities and regions."""
    memo = _memo(user)
    if "area" not in memo:
        centres, districts, municipalities = _tree(user)
        covered = set(district_ids(user, ALL_ROLES)) | {row[1] for row in centres}
        within = (
            set(municipality_ids(user, ALL_ROLES))
            | {row[1] for row in districts if row[0] in covered}
            | {row[2] for row in centres}
        )
        regions = (
            set(region_ids(user, ALL_ROLES))
            | {row[1] for row in municipalities if row[0] in within}
            | {row[2] for row in districts if row[1] in within}
            | {row[3] for row in centres}
        )
        regions.discard(None)
        memo["area"] = (sorted(covered), sorted(within), sorted(regions))
    return memo["area"]


def in_own_area(queryset: QuerySet, user: User, scope: str | None) -> QuerySet:
    """Governance records (a model with `SCOPE_KINDS`, or a dilemma's district) in the user's
    own area, unless `scope` is "alla": those of its centres, districts and municipalities."""
    area = own_area(user)
    if scope == ALL or area is None:
        return queryset
    kinds = getattr(queryset.model, "SCOPE_KINDS", ("district",))
    q = Q()
    for kind in kinds:
        q |= Q(**{f"{kind}__in": getattr(area, AREA_FIELDS[kind]).values("pk")})
    return queryset.filter(q)


AREA_FIELDS = {"centre": "centres", "district": "districts", "municipality": "municipalities"}


def area_of(user: User) -> tuple[QuerySet[Municipality], QuerySet[Region]] | None:
    """The municipalities and regions the user works in through any active assignment (a
    centre or district counts for its municipality; a municipality for its region); None for
    superusers and for users without assignments, whose area is everything."""
    if not user.is_authenticated or user.is_superuser:
        return None
    if not has_assignment(user, ALL_ROLES):
        return None
    _districts, municipalities, regions = _area_ids(user)
    return (
        Municipality.objects.filter(pk__in=municipalities),
        Region.objects.filter(pk__in=regions),
    )


def followup_owners_for_user(user: User) -> tuple[QuerySet[Municipality], QuerySet[Region]]:
    """The municipalities and regions whose follow-up (goals, indicators, periods) the user
    sets up: the koordinator's municipality, the regional koordinator's region (admins: all)."""
    return (
        municipalities_for_user(user, [Role.KOORDINATOR]),
        regions_for_user(user, [Role.REGIONAL_KOORDINATOR]),
    )


@rules.predicate
def can_manage_followup(user: User, owner: object = None) -> bool:
    """Set up the follow-up of `owner` (a municipality or a region); without an owner:
    whether the user sets up anyone's."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if owner is None:
        return has_assignment(user, [Role.KOORDINATOR, Role.REGIONAL_KOORDINATOR])
    if isinstance(owner, Municipality):
        return covers(user, owner, [Role.KOORDINATOR])
    if isinstance(owner, Region):
        return covers(user, owner, [Role.REGIONAL_KOORDINATOR])
    return False


def scope_of(obj: object) -> object:
    """The centre, district or municipality a governance object belongs to."""
    for attr in ("group", "meeting", "agreement"):  # members, decisions, cost entries
        if hasattr(obj, f"{attr}_id") and hasattr(type(obj), attr):
            obj = getattr(obj, attr)
            break
    if isinstance(obj, Dilemma):
        return obj.district
    if isinstance(obj, FamilyCentre | District | Municipality):
        return obj
    return getattr(obj, "scope", None)


@rules.predicate
def manages_anywhere(user: User) -> bool:
    """Processledare or koordinator somewhere: may open the "new …" governance pages."""
    return user.is_superuser or has_role(user, *REVIEWING_ROLES)


@rules.predicate
def can_manage_governance(user: User, obj: object = None) -> bool:
    """`can_manage` on the scope of a governance object (or on a scope chosen for a new one);
    without an object: whether the user manages any scope."""
    if obj is None:
        return manages_anywhere(user)
    return can_manage(user, scope_of(obj))


@rules.predicate
def works_in_district(user: User, district: object = None) -> bool:
    """Samordnare of a centre in the district, or processledare/koordinator over it; without a
    district: whether the user works in any."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if district is None:
        return has_assignment(user, EDITING_ROLES)
    return covers(user, district, EDITING_ROLES) or (
        centres_for_user(user, [Role.SAMORDNARE]).filter(district=district).exists()
    )


@rules.predicate
def can_change_dilemma(user: User, dilemma: Dilemma) -> bool:
    if dilemma is None:
        return False
    if can_manage(user, dilemma.district):
        return True
    return dilemma.raised_by_id == user.pk and works_in_district(user, dilemma.district)


@rules.predicate
def is_responsible(user: User, decision: Decision) -> bool:
    return decision is not None and user.is_authenticated and decision.responsible_id == user.pk


@rules.predicate
def can_assign(user: User, scope: object = None) -> bool:
    """Koordinator of the municipality the scope lies in (admins everywhere); without a scope:
    whether the user is a koordinator anywhere."""
    if scope is None:
        return is_coordinator_anywhere(user)
    if isinstance(scope, Assignment):
        scope = scope.scope
    return scope is not None and covers(user, scope, [Role.KOORDINATOR])


def assignable_scopes(user: User) -> dict[str, QuerySet]:
    """The centres, districts, municipalities and regions a user may give assignments for, by
    scope kind."""
    roles = [Role.KOORDINATOR]
    return {
        "centre": centres_for_user(user, roles),
        "district": districts_for_user(user, roles),
        "municipality": municipalities_for_user(user, roles),
        "region": regions_for_user(user, roles),
    }


def managed_scopes(user: User) -> dict[str, QuerySet]:
    """The centres, districts and municipalities whose governance a user manages, by kind."""
    return {
        "centre": centres_for_user(user, REVIEWING_ROLES),
        "district": districts_for_user(user, REVIEWING_ROLES),
        "municipality": municipalities_for_user(user, REVIEWING_ROLES),
    }


def meeting_scopes(user: User) -> dict[str, QuerySet]:
    """Where a user may record meetings: the scopes they manage, and a samordnare's own
    centres (their ledningsgrupp and working groups)."""
    scopes = managed_scopes(user)
    if user.is_authenticated and not user.is_superuser:
        centres = set(centre_ids(user, REVIEWING_ROLES)) | set(centre_ids(user, [Role.SAMORDNARE]))
        scopes["centre"] = FamilyCentre.objects.filter(pk__in=sorted(centres))
    return scopes


@rules.predicate
def records_centre_meetings(user: User, obj: object = None) -> bool:
    """A samordnare records the meetings (and their decisions) of their own centre; without an
    object: whether the user is a samordnare anywhere."""
    if obj is None:
        return has_role(user, Role.SAMORDNARE)
    scope = scope_of(obj)
    return isinstance(scope, FamilyCentre) and covers(user, scope, [Role.SAMORDNARE])


def colleagues_for(user: User) -> QuerySet:
    """The people a manager may name as steering group member or responsible for a decision:
    active users with an active assignment in the area the user manages (a samordnare: their
    centre), or over it (the municipality's koordinator, the region's). Admins: every active
    user."""
    users = get_user_model().objects.filter(is_active=True)
    if user.is_authenticated and user.is_superuser:
        return users
    scopes = meeting_scopes(user)
    area = Municipality.objects.filter(
        Q(pk__in=scopes["municipality"].values("pk"))
        | Q(districts__in=scopes["district"].values("pk"))
        | Q(districts__centres__in=scopes["centre"].values("pk"))
    )
    working = Assignment.objects.active().filter(
        Q(centre__in=scopes["centre"].values("pk"))
        | Q(district__in=scopes["district"].values("pk"))
        | Q(district__centres__in=scopes["centre"].values("pk"))
        | Q(municipality__in=area.values("pk"))
        | Q(region__municipalities__in=area.values("pk"))
    )
    return users.filter(pk__in=working.values("user_id"))


def scope_chain(scope: object) -> list:
    """The scope and every scope above it: centre, district, municipality, region."""
    chain = [scope]
    if isinstance(scope, FamilyCentre):
        scope = scope.district
        chain.append(scope)
    if isinstance(scope, District):
        scope = scope.municipality
        chain.append(scope)
    if isinstance(scope, Municipality):
        chain.append(scope.region)
    return chain


def lies_within(inner: object, outer: object) -> bool:
    """Whether the scope `inner` is `outer` or lies inside it."""
    return outer in scope_chain(inner)


# --- The document library ------------------------------------------------------------------

# Where a document's municipality lies, by what it is kept for.
_DOCUMENT_MUNICIPALITY = [
    "municipality",
    "district__municipality",
    "steering_group__municipality",
    "steering_group__district__municipality",
    "steering_group__centre__district__municipality",
    "assignment__municipality",
    "assignment__district__municipality",
    "assignment__centre__district__municipality",
]


def documents_for_user(user: User) -> QuerySet[Document]:
    """The documents a user may read: those of the municipalities their assignments lie in
    (the municipality's own, its districts', steering groups' and assignments') and of those
    municipalities' regions; a remit also by the person it describes. Nobody else's."""
    if not user.is_authenticated:
        return Document.objects.none()
    if user.is_superuser:
        return Document.objects.all()
    q = Q(assignment__user=user)
    if has_assignment(user, ALL_ROLES):
        _districts, municipalities, regions = _area_ids(user)
        q |= Q(region__in=regions) | Q(assignment__region__in=regions)
        for path in _DOCUMENT_MUNICIPALITY:
            q |= Q(**{f"{path}__in": municipalities})
    return Document.objects.filter(q)


@rules.predicate
def can_read_document(user: User, document: Document) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or (document.assignment_id and document.assignment.user_id == user.pk):
        return True
    if not has_assignment(user, ALL_ROLES):
        return False
    _districts, municipalities, regions = _area_ids(user)
    place = document.place  # a region's own, or the scope of its steering group or assignment
    if isinstance(place, Region):
        return place.pk in regions
    return getattr(document.municipality_of, "pk", None) in municipalities


def document_places(user: User) -> dict[str, QuerySet]:
    """What a user may keep documents for, by kind: the districts and municipalities they
    manage (processledare, koordinator), the regions of a regional koordinator, the steering
    groups they manage and the assignments they give."""
    managed = managed_scopes(user)
    assignable = assignable_scopes(user)
    return {
        "region": regions_for_user(user, [Role.REGIONAL_KOORDINATOR]),
        "municipality": managed["municipality"],
        "district": managed["district"],
        "steering_group": SteeringGroup.objects.filter(
            Q(municipality__in=managed["municipality"].values("pk"))
            | Q(district__in=managed["district"].values("pk"))
            | Q(centre__in=managed["centre"].values("pk"))
        ),
        "assignment": Assignment.objects.filter(
            Q(region__in=assignable["region"].values("pk"))
            | Q(municipality__in=assignable["municipality"].values("pk"))
            | Q(district__in=assignable["district"].values("pk"))
            | Q(centre__in=assignable["centre"].values("pk"))
        ).select_related("user"),
    }


@rules.predicate
def can_manage_document(user: User, document: Document | None = None) -> bool:
    """Add (without a document: whether anywhere), change and delete: whoever may keep
    documents for what the document is kept for."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if document is None:
        return manages_anywhere(user) or has_role(user, Role.REGIONAL_KOORDINATOR)
    scope = document.scope
    if isinstance(scope, Region):
        return covers(user, scope, [Role.REGIONAL_KOORDINATOR])
    if isinstance(scope, SteeringGroup):
        return can_manage_governance(user, scope)
    if isinstance(scope, Assignment):
        return can_assign(user, scope.scope)
    return can_manage(user, scope)


rules.add_perm("coordination.view_document", can_read_document)
rules.add_perm("coordination.add_document", can_manage_document)
rules.add_perm("coordination.change_document", can_manage_document)
rules.add_perm("coordination.delete_document", can_manage_document)

rules.add_perm("centres.view_register", rules.is_authenticated)
rules.add_perm("centres.change_familycentre", can_edit)  # its facts and staffing
rules.add_perm("centres.change_centreservice", can_manage)  # which services run there


@rules.predicate
def can_manage_place(user: User, obj: object = None) -> bool:
    """An öppen mötesplats: the processledare or koordinator over its district; without one:
    whether the user manages any district."""
    if obj is None:
        return manages_anywhere(user)
    return can_manage(user, obj.district if isinstance(obj, MeetingPlace) else obj)


rules.add_perm("centres.add_meetingplace", can_manage_place)
rules.add_perm("centres.change_meetingplace", can_manage_place)
rules.add_perm("centres.change_district", can_manage)
rules.add_perm("centres.change_municipality", can_manage)

rules.add_perm("coordination.view_governance", rules.is_authenticated)
for _model in ("steeringgroup", "meeting", "trainingevent", "agreement", "costentry"):
    # add_*: on the chosen scope (or None: "may add anywhere"); change_* and delete_*: on the
    # object itself.
    rules.add_perm(f"coordination.add_{_model}", can_manage_governance)
    rules.add_perm(f"coordination.change_{_model}", can_manage_governance)
    rules.add_perm(f"coordination.delete_{_model}", can_manage_governance)
# A samordnare records the meetings of their own centre (its ledningsgrupp, working groups).
for _action in ("add", "change", "delete"):
    rules.set_perm(
        f"coordination.{_action}_meeting", can_manage_governance | records_centre_meetings
    )
rules.add_perm(
    "coordination.change_decision",
    can_manage_governance | is_responsible | records_centre_meetings,
)
rules.add_perm("coordination.add_dilemma", works_in_district)
rules.add_perm("coordination.change_dilemma", can_change_dilemma)
rules.add_perm("coordination.add_assignment", can_assign)
rules.add_perm("coordination.change_assignment", can_assign)
