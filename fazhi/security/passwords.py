"""Password validators that take their numbers from the stored policy (RULES.md §9 floor: 8, 3 classes)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fazhi.orgs.passwords import CharacterClassValidator

from .policy import get_policy


class PolicyLengthValidator:
    def validate(self, password: str, user: Any = None) -> None:
        n = get_policy().min_length
        if len(password or "") < n:
            raise ValidationError(f"密码长度不能少于{n}个字符", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码长度不能少于{get_policy().min_length}个字符。"


class PolicyCharacterClassValidator(CharacterClassValidator):
    def __init__(self) -> None:
        super().__init__(min_classes=3)

    def validate(self, password: str, user: Any = None) -> None:
        self.min_classes = get_policy().min_classes
        super().validate(password, user)

    def get_help_text(self) -> str:
        self.min_classes = get_policy().min_classes
        return super().get_help_text()
