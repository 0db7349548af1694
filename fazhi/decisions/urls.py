from django.urls import path

from . import contract_views, views

urlpatterns = [
    path("", views.decision_list, name="decision_list"),
    path("new/", views.decision_create, name="decision_create"),
    path("catalog/", views.catalog_list, name="catalog_list"),
    path("catalog/<int:pk>/publish/", views.catalog_publish, name="catalog_publish"),
    path("<int:pk>/", views.decision_detail, name="decision_detail"),
    path("<int:pk>/<str:name>/", views.decision_action, name="decision_action"),
    path("contracts/", contract_views.contract_list, name="contract_list"),
    path("contracts/new/", contract_views.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", contract_views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/do/<str:step>/", contract_views.contract_action, name="contract_action"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/new/", views.review_create, name="review_create"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/do/<str:step>/", views.review_action, name="review_action"),
]
