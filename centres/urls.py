from django.urls import path

from centres import views

app_name = "centres"

urlpatterns = [
    # /register/
    path("centraler/", views.centre_list, name="centre-list"),
    path("centraler/<int:pk>/", views.centre_detail, name="centre-detail"),
    path("centraler/<int:pk>/uppgifter/", views.centre_edit, name="centre-edit"),
    path("centraler/<int:pk>/verksamheter/", views.centre_services_edit, name="centre-services"),
    path("centraler/<int:pk>/bekrafta/", views.centre_confirm, name="centre-confirm"),
    path("stadsdelar/", views.district_list, name="district-list"),
    path("stadsdelar/<int:pk>/", views.district_detail, name="district-detail"),
    path("kommuner/", views.municipality_list, name="municipality-list"),
    path("kommuner/<int:pk>/", views.municipality_detail, name="municipality-detail"),
    path("metoder/", views.method_list, name="method-list"),
    path("motesplatser/", views.meeting_place_list, name="meeting-place-list"),
    path("motesplatser/ny/", views.meeting_place_create, name="meeting-place-create"),
    path("motesplatser/<int:pk>/", views.meeting_place_detail, name="meeting-place-detail"),
    path("motesplatser/<int:pk>/andra/", views.meeting_place_edit, name="meeting-place-edit"),
]
