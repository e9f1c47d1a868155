from django.urls import path

from . import views

urlpatterns = [
    path("", views.browser, name="browser"),
    path("commitments/<slug:slug>/", views.commitment_detail, name="commitment_detail"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("statements/<slug:slug>/", views.statement_detail, name="statement_detail"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
]
