from django.apps import AppConfig


class StrategyConfig(AppConfig):
    """A partnership's strategy and priorities, the sub-groups' delivery plans and the forward
    plan of each body's business."""

    name = "csphub.strategy"
    label = "strategy"
    verbose_name = "Strategy and delivery plans"

    def ready(self) -> None:
        from .plan_documents import register_documents as register_plan_documents
        from .progress import register_documents as register_progress_documents

        register_plan_documents()
        register_progress_documents()

        from csphub.meetings.signals import meeting_moved

        from .receivers import meeting_moved as replan_forward_plan

        meeting_moved.connect(replan_forward_plan, dispatch_uid="strategy.forward_plan.replan")
