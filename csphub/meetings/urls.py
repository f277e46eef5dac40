from django.urls import path

from .views import attendance, cycle, manage, public

app_name = "meetings"
M = "<slug:body>/<str:date>/"
urlpatterns = [
    path("schedule/", manage.meeting_schedule_choose, name="schedule"),
    path("<slug:body>/new/", manage.meeting_new, name="new"),
    path("<slug:body>/attendance/", public.attendance_report, name="attendance_report"),
    path(M, public.meeting_detail, name="detail"),
    path(M + "<slug:document>.<slug:fmt>", public.meeting_document, name="document"),
    path(M + "papers/<int:pk>/", public.paper_download, name="paper"),
    path(M + "questions/new/", public.question_new, name="question_new"),
    path(M + "manage/edit/", manage.meeting_edit, name="edit"),
    path(M + "manage/agenda/", manage.agenda, name="agenda"),
    path(M + "manage/items/<int:pk>/", manage.item_edit, name="item_edit"),
    path(M + "manage/items/<int:pk>/action/", manage.item_action, name="item_action"),
    path(M + "manage/items/<int:pk>/papers/new/", manage.paper_new, name="paper_new"),
    path(M + "manage/publish-agenda/", cycle.publish_agenda, name="publish_agenda"),
    path(M + "manage/held/", cycle.mark_held, name="mark_held"),
    path(M + "manage/cancel/", cycle.cancel, name="cancel"),
    path(M + "manage/publish-minutes/", cycle.publish_minutes, name="publish_minutes"),
    path(M + "manage/attendance/", attendance.attendance, name="attendance"),
    path(M + "manage/minutes/", manage.minutes, name="minutes"),
    path(M + "manage/minutes/<int:pk>/", manage.minute_edit, name="minute_edit"),
    path(M + "manage/minutes/<int:pk>/amend/", manage.minute_amend, name="minute_amend"),
    path(
        M + "manage/resolutions/<int:pk>/delete/",
        manage.resolution_delete,
        name="resolution_delete",
    ),
    path(M + "manage/approve/", cycle.approve, name="approve"),
    path(M + "manage/questions/<int:pk>/", manage.question_answer, name="question_answer"),
    path(M + "manage/declarations/new/", manage.declaration_new, name="declaration_new"),
]
