"""`make demo`: plan the seed's example edits offline with the rules classifier and print each plan."""

from __future__ import annotations

import json

from runcomfy_edit_tool import EditRouter

EXAMPLES: list[tuple[str, list[str], str | None]] = [
    ("keep her face, put her on a rainy neon street", ["https://cdn.example.com/portrait.jpg"], None),
    ("見出しを「夏のセール」に変えて", ["https://cdn.example.com/poster-ja.png"], None),
    ("she's now holding an orange umbrella", ["https://cdn.example.com/street.jpg"], None),
    (
        "remove the cables",
        ["https://cdn.example.com/living-room.jpg"],
        "https://cdn.example.com/cables-mask.png",
    ),
    (
        "put the subject from image 1 into the room of image 2",
        ["https://cdn.example.com/person.jpg", "https://cdn.example.com/loft.jpg"],
        None,
    ),
    ("把标题换成日文", ["https://cdn.example.com/banner-zh.png"], None),
    (
        "give all twelve SKU shots the same soft grey studio background",
        [f"https://cdn.example.com/sku/{n:02d}.jpg" for n in range(1, 13)],
        None,
    ),
]


def main() -> None:
    """Plan each example and print route, reasons, prompt and body."""
    router = EditRouter(classifier="rules")
    for request, images, mask in EXAMPLES:
        plan = router.plan(request, images, mask)
        print(
            f"\n▶ {request}  ({len(images)} image{'s' if len(images) > 1 else ''}{', mask' if mask else ''})"
        )
        print(f"  route   {plan.route}  →  {plan.model_id}")
        print(f"  why     {plan.reasons[0]}")
        print(f"  prompt  {plan.prompt}")
        body = {
            k: (v if k not in ("image_urls", "images") or len(v) <= 2 else [v[0], f"… {len(v) - 1} more"])
            for k, v in plan.body.items()
        }
        print(f"  body    {json.dumps(body, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
