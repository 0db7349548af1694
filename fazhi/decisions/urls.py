from django.urls import include, path

from fazhi.core.excel_views import ExcelPages

from . import contract_imports, contract_views, imports, views

urlpatterns = [
    path("", views.decision_list, name="decision_list"),
    path("new/", views.decision_create, name="decision_create"),
    *ExcelPages(
        "decisions",
        "decision",
        "重大行政决策",
        imports.Decisions,
        import_note="列入目录的事项须该年度目录已建立；导入后逐项记录法定程序步骤。",
    ).urls(),
    path("catalog/", views.catalog_list, name="catalog_list"),
    path("catalog/<int:pk>/publish/", views.catalog_publish, name="catalog_publish"),
    path("<int:pk>/", views.decision_detail, name="decision_detail"),
    path("<int:pk>/<str:name>/", views.decision_action, name="decision_action"),
    path("contracts/", contract_views.contract_list, name="contract_list"),
    path("contracts/new/", contract_views.contract_create, name="contract_create"),
    path(
        "contracts/",
        include(
            ExcelPages(
                "decisions",
                "contract",
                "行政协议",
                contract_imports,
                "contracts",
                import_note="每行一份协议及其相对人；填写签订日期的按已签订登记。",
            ).urls()
        ),
    ),
    path("contracts/<int:pk>/", contract_views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/do/<str:step>/", contract_views.contract_action, name="contract_action"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/new/", views.review_create, name="review_create"),
    path(
        "reviews/",
        include(
            ExcelPages(
                "decisions",
                "review",
                "合法性审查",
                imports,
                "legality_reviews",
                import_note="已出具意见的事项只能由司法局合法性审查人员导入。",
            ).urls()
        ),
    ),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/document/", views.review_document, name="review_document"),
    path("reviews/<int:pk>/do/<str:name>/", views.review_action, name="review_action"),
]
