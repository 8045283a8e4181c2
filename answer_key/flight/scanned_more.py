"""Week 3's flight simulator, questions 11-19: search, parts of the pipeline, and data.

Each function draws its figures from the learner's :class:`~answer_key.flight.draw.Draw`
(after those of questions 1-10), writes them into the learner's figures and returns the
solved question:

- questions 11-13: the optimization verification test on one form, on a batch of mistakes,
  and what it says to work on;
- questions 14-16: error analysis by parts (which part costs the most, how much one part
  costs) and a flawed pipeline against a weak part;
- questions 17-19: other-distribution data and the model's capacity, labels that follow
  another rule, and the weight of other-distribution data in the loss.
"""

from __future__ import annotations

from typing import Any

from answer_key.flight.draw import (
    Draw,
    Item,
    check_roles,
    letter_question,
    make_options,
    separated,
    spec_index,
    until,
)
from answer_key.flight.model import Solved, solved
from course_lib.flight.model import table
from course_lib.flight.scanned_forms_questions import FORM_PARTS, SCANNED_FORMS_QUESTIONS
from course_lib.flight.text import count, md_table, num, points_text, rounded
from course_lib.optimization_verification import attribute_errors, verify

__all__ = ["MORE_FORMS", "more_forms_questions"]

_SPECS = spec_index(SCANNED_FORMS_QUESTIONS)


def _policy(draw: Draw, boxes: int) -> str:
    return "".join(str(draw.integer(0, 9)) for _ in range(boxes))


def _misread(draw: Draw, number: str) -> str:
    """The number with one or two digits changed (a plausible wrong reading)."""
    digits = list(number)
    for position in draw.sample(range(len(digits)), draw.integer(1, 2)):
        digits[position] = str((int(digits[position]) + draw.integer(1, 9)) % 10)
    return "".join(digits)


def _q11(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q11"]
    search = draw.chance()
    s_star = _policy(draw, fig["boxes"])
    s_out = _misread(draw, s_star)
    low = draw.grid(-24.0, -9.0, 0.1)
    high = round(low + draw.grid(0.6, 3.0, 0.1), 1)
    score_star, score_out = (high, low) if search else (low, high)
    fig["one_form"] = {"s_star": s_star, "s_out": s_out, "score_star": score_star,
                       "score_out": score_out}
    verdict = verify({s_star: score_star, s_out: score_out}.get, s_star, s_out)
    answer = verdict.fault
    if answer != ("search" if search else "scoring"):
        raise RuntimeError("q11: the verdict does not follow the draw (a generator bug)")
    prompt = (
        f"On one dev form, the policy number is **{s_star}** (S*, what a person reads), but "
        f"the reader outputs **{s_out}** (S_out). The score the beam search maximises — the "
        "sum of the reader's log probabilities and the format model's — is "
        f"{num(score_star, 1)} for S* and {num(score_out, 1)} for S_out "
        "(`forms.data.one_form`). Which part is at fault on this form, `\"search\"` or "
        "`\"scoring\"`?"
    )
    other = "scoring" if answer == "search" else "search"
    sign = ">" if search else "<"
    explanation = (
        f"**{answer}**. Score(S*) = {num(score_star, 1)} {sign} Score(S_out) = "
        f"{num(score_out, 1)}: log probabilities are negative, and the less negative one is "
        "the higher. "
        + ("The scoring function prefers the correct number, so a better search would have "
           "found it: the beam search missed it." if search else
           "The scoring function ranks the wrong number higher: even a perfect search would "
           "return it. The reader or the format model must improve.")
        + f" \"{other}\" reads the comparison the wrong way round."
    )
    wrong = {"opposite": other}
    check_roles(spec, wrong)
    return solved(spec, 11, prompt, (), answer, explanation, wrong)


def _q12_q13(draw: Draw, fig: dict[str, Any]) -> tuple[Solved, Solved]:
    s12, s13 = _SPECS["q12"], _SPECS["q13"]
    search_main = draw.chance()

    def pick() -> tuple[int, list[tuple[float, float]]]:
        k = draw.integer(18, 32)
        n_ties = draw.integer(1, 3)
        share = draw.grid(0.68, 0.85, 0.01) if search_main else draw.grid(0.15, 0.3, 0.01)
        n_search = int(round(share * k))
        rows = []
        for i in range(k):
            base = draw.grid(-26.0, -8.0, 0.1)
            gap = draw.grid(0.3, 4.0, 0.1)
            if i < n_search:
                rows.append((round(base + gap, 1), base))
            elif i < n_search + n_ties:
                rows.append((base, base))
            else:
                rows.append((base, round(base + gap, 1)))
        n_dev = draw.integer(300, 900, 50)
        return n_dev, draw.shuffled(rows)

    def values(v: tuple[int, list[tuple[float, float]]]) -> dict[str, float]:
        n_dev, rows = v
        k = len(rows)
        n_search = sum(a > b for a, b in rows)
        n_ties = sum(a == b for a, b in rows)
        answer = 100 * n_search / k
        return {"answer": answer, "ties as search": 100 * (n_search + n_ties) / k,
                "scoring share": 100 - answer, "of all forms": 100 * n_search / n_dev,
                "fraction": answer / 100}

    def ok(v: tuple[int, list[tuple[float, float]]]) -> bool:
        n_dev, rows = v
        n_search = sum(a > b for a, b in rows)
        share = n_search / len(rows)
        main_ok = share >= 0.65 if search_main else share <= 0.35
        return main_ok and n_dev >= 10 * len(rows) and separated(values(v).values(), 0.7)

    n_dev, rows = until(pick, ok, "a batch of verified mistakes")
    k = len(rows)
    fig["verification"] = table([(f"form {i + 1}", a, b) for i, (a, b) in enumerate(rows)],
                                ["score_star", "score_out"], "mistake")
    fig["verification_forms"] = n_dev
    s_out = {i: f"out{i}" for i in range(k)}
    cases = [({f"star{i}": a, s_out[i]: b}.get, f"star{i}", s_out[i])
             for i, (a, b) in enumerate(rows)]
    result = attribute_errors(cases)
    vals = values((n_dev, rows))
    answer12 = vals.pop("answer")
    if abs(answer12 - 100 * result.search_share) > 1e-9:
        raise RuntimeError("q12: the count does not match attribute_errors (a generator bug)")
    wrong12 = {role: rounded(v, 6) for role, v in vals.items()}
    check_roles(s12, wrong12)
    md = md_table(["mistake", "Score(S*)", "Score(S_out)"],
                  [(f"form {i + 1}", num(a, 1), num(b, 1)) for i, (a, b) in enumerate(rows)])
    prompt12 = (
        f"On a batch of {count(n_dev)} dev forms (`forms.data.verification_forms`), the reader "
        f"gets {k} policy numbers wrong. For each mistake, the scores of the correct number and "
        f"of the output (`forms.data.verification`):\n\n{md}\n\nWhat percentage of the "
        "**mistakes** are search faults? Round to 1 decimal."
    )
    n_search, n_ties = result.n_search, result.n_ties
    explanation12 = (
        f"**{answer12:.1f} %**. A mistake is a search fault when Score(S*) > Score(S_out): "
        f"{n_search} of the {k} rows. "
        + ("The tie" if n_ties == 1 else f"The {n_ties} ties")
        + " (Score(S*) = Score(S_out)) "
        + ("counts" if n_ties == 1 else "count")
        + " as scoring faults — a score that cannot tell the "
        f"correct number from a wrong one does not single it out — so {k - n_search} are "
        f"scoring faults. {n_search} / {k} = {answer12:.1f} %.\n"
        f"- {num(wrong12['ties as search'], 1)} % counts the ties as search faults.\n"
        f"- {num(wrong12['scoring share'], 1)} % is the scoring faults' share.\n"
        f"- {num(wrong12['of all forms'], 2)} % divides by all {count(n_dev)} forms: that is "
        "the dev error the search causes, not its share of the mistakes."
    )
    q12 = solved(s12, 12, prompt12, (), answer12, explanation12, wrong12)

    main = result.main_fault
    prompt13 = (
        "From that batch of mistakes, the team has one month. Where should it go?"
    )
    counts = (f"{n_search} of the {k} mistakes are search faults and {k - n_search} scoring "
              "faults.")
    items = [
        Item("search", "Search harder: widen the beam (compare a few widths on the blackbox "
             "set).", main == "search",
             counts + (" Most mistakes are numbers the score already prefers but the beam "
                       "lost: a wider beam finds them." if main == "search" else
                       " Most mistakes are numbers the score itself ranks too low: no beam, "
                       "however wide, returns them.")),
        Item("scoring", "Improve the scoring function: a better character reader or a better "
             "format model.", main == "scoring",
             counts + (" Most mistakes are outputs the score ranks at least as high as the "
                       "correct number: only a better score fixes them." if main == "scoring"
                       else " Most mistakes are numbers the score already prefers: improving "
                       "it would leave them to the same beam.")),
        Item("locator", "Improve the field locator: these mistakes start with a badly cropped "
             "field.", False,
             "The test compares two scores of the same input; it says nothing about the "
             "locator, and it was not run to find that out."),
        Item("split evenly", "Split the team evenly between the search and the scoring "
             "function: the test cannot say which matters more.", False,
             "The test does rank them: count each kind of mistake."),
    ]
    options = make_options(draw, items)
    answer13 = next(o.letter for o in options if o.correct)
    roles = {"opposite": "scoring" if main == "search" else "search", "locator": "locator",
             "split evenly": "split evenly"}
    q13 = letter_question(s13, 13, prompt13, options, answer13, roles)
    return q12, q13


def _q14_q15(draw: Draw, fig: dict[str, Any]) -> tuple[Solved, Solved]:
    s14, s15 = _SPECS["q14"], _SPECS["q15"]

    def pick() -> dict[str, float]:
        top = draw.pick(FORM_PARTS)
        big = draw.grid(4.0, 9.0, 0.1)
        drops = {p: (big if p == top else draw.grid(0.5, round(big - 1.5, 1), 0.1))
                 for p in FORM_PARTS}
        return drops

    def errors(drops: dict[str, float]) -> dict[str, float]:
        e2 = drops["assembler"]
        e1 = round(drops["reader"] + e2, 1)
        return {"as it is": round(drops["locator"] + e1, 1), "perfect locator": e1,
                "perfect locator and reader": e2, "all three perfect": 0.0}

    def wrong15(drops: dict[str, float]) -> dict[str, float]:
        e = errors(drops)
        return {"error after": e["perfect locator and reader"],
                "error before": e["perfect locator"],
                "from the start": rounded(e["as it is"] - e["perfect locator and reader"], 6),
                "fraction": rounded(drops["reader"] / 100, 8)}

    def ok(drops: dict[str, float]) -> bool:
        return (separated(drops.values(), 0.8)
                and separated([drops["reader"], *wrong15(drops).values()], 0.55))

    drops = until(pick, ok, "a pipeline's attribution")
    e = errors(drops)
    fig["by_parts"] = dict(e)
    ordered = sorted(FORM_PARTS, key=lambda p: -drops[p])
    answer14 = ordered[0]
    wrong14 = {"runner-up": ordered[1], "smallest": ordered[2]}
    check_roles(s14, wrong14)
    md = md_table(["made perfect (by hand, in pipeline order)", "error (%)"],
                  [(k, num(v, 1)) for k, v in e.items()])
    prompt14 = (
        "To see which part to improve, the team replaces parts of the reader by a person's "
        "perfect output on 500 dev forms, one more part at a time in pipeline order "
        f"(`forms.data.by_parts`):\n\n{md}\n\nWhich part does the most error come from: "
        + ", ".join(f'`"{p}"`' for p in FORM_PARTS) + "?"
    )
    lines = [f"- {p}: {num(before, 1)} − {num(after, 1)} = {points_text(drops[p], 1)}"
             for p, before, after in (("locator", e["as it is"], e["perfect locator"]),
                                      ("reader", e["perfect locator"],
                                       e["perfect locator and reader"]),
                                      ("assembler", e["perfect locator and reader"], 0.0))]
    explanation14 = (
        f"**{answer14}**. Each part's share is the drop when it is made perfect, the parts "
        "before it already perfect:\n" + "\n".join(lines)
        + f"\n\n\"{ordered[1]}\" comes second and \"{ordered[2]}\" last. The drops add up to "
        f"the whole error, {num(e['as it is'], 1)} %."
    )
    q14 = solved(s14, 14, prompt14, (), answer14, explanation14, wrong14)

    answer15 = drops["reader"]
    w15 = wrong15(drops)
    check_roles(s15, w15)
    prompt15 = (
        "From the same table: how many percentage points of error are attributed to the "
        "**reader**? Give the number of points, to 1 decimal."
    )
    explanation15 = (
        f"**{num(answer15, 1)} points**: with the locator already perfect the error is "
        f"{num(e['perfect locator'], 1)} %, and making the reader perfect too brings it to "
        f"{num(e['perfect locator and reader'], 1)} %; the drop, "
        f"{num(e['perfect locator'], 1)} − {num(e['perfect locator and reader'], 1)}, is the "
        "reader's share.\n"
        f"- {num(w15['error after'], 1)} and {num(w15['error before'], 1)} are the errors after "
        "and before, not the drop.\n"
        f"- {num(w15['from the start'], 1)} also counts the locator's drop."
    )
    q15 = solved(s15, 15, prompt15, (), answer15, explanation15, w15)
    return q14, q15


def _q16(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q16"]
    flawed = draw.chance()
    humans = {"locator": draw.grid(0.2, 0.6, 0.1), "reader": draw.grid(0.5, 1.5, 0.1),
              "assembler": draw.grid(0.1, 0.4, 0.1)}
    weak = draw.pick(FORM_PARTS)
    own = {}
    for p in FORM_PARTS:
        if not flawed and p == weak:
            own[p] = round(humans[p] + draw.grid(5.0, 9.0, 0.5), 1)
        else:
            own[p] = round(humans[p] + draw.grid(0.1, 0.8, 0.1), 1)
    whole_human = draw.grid(0.8, 2.0, 0.1)
    shortfall = sum(own[p] - humans[p] for p in FORM_PARTS)
    if flawed:
        whole = round(whole_human + shortfall + draw.grid(6.0, 12.0, 0.5), 1)
    else:
        whole = round(whole_human + shortfall + draw.grid(-0.3, 0.5, 0.1), 1)
    fig["part_levels"] = table([(p, own[p], humans[p]) for p in FORM_PARTS],
                               ["own_error", "human_level"], "part")
    fig["whole_task"] = {"pipeline_error": whole, "human_level": whole_human}
    worst = max(FORM_PARTS, key=lambda p: own[p] - humans[p])
    if flawed == (own[worst] - humans[worst] > 2.0):
        raise RuntimeError("q16: the drawn levels do not follow the case (a generator bug)")
    md = md_table(["part (on perfect input)", "its own error (%)", "human level (%)"],
                  [(p, num(own[p], 1), num(humans[p], 1)) for p in FORM_PARTS])
    prompt16 = (
        "For the new claim-amount field, the team builds the same three-part pipeline and "
        "measures each part on perfect input against what a person does at that step "
        f"(`forms.data.part_levels`):\n\n{md}\n\nThe whole pipeline gets {num(whole, 1)} % of "
        f"the amounts wrong; people reading the whole field get {num(whole_human, 1)} % wrong "
        "(`forms.data.whole_task`). What do you do?"
    )
    above = ", ".join(f"{p} {points_text(own[p] - humans[p], 1)}" for p in FORM_PARTS)
    facts = (f"The parts are {above} "
             f"above their human levels, and the whole {points_text(whole - whole_human, 1)} "
             "above human level on the whole task.")
    items = [
        Item("redesign", "Change what the parts pass to each other (for instance, let the "
             "reader hand the assembler its top guesses for every box), or read the field end "
             "to end: no part alone is to blame.", flawed,
             facts + (" Every part is close to what a person does at its step, yet the whole "
                      "is far from human level: the design loses something between the parts "
                      "— a flawed pipeline." if flawed else
                      f" One part, {weak}, is far from human level and accounts for the whole "
                      "shortfall: the design is fine, that part is weak.")),
        Item("improve part", f"Improve the {worst}: of the three parts, it is the furthest "
             "from what a person does at its step.", not flawed,
             facts + (f" \"{worst}\" is {points_text(own[worst] - humans[worst], 1)} above "
                      "its human level: making it as good as a person would remove most of "
                      "the gap." if not flawed else
                      f" Even \"{worst}\" is within {points_text(own[worst] - humans[worst], 1)}"
                      " of its human level: improving it cannot close a gap that large.")),
        Item("more data everywhere", "Collect more labelled forms for every part before "
             "deciding anything.", False,
             "The table already says where the loss is; data for every part at once is slow "
             "and aims at nothing in particular."),
        Item("human level wrong", "Re-measure the human levels first: the table cannot be "
             "trusted until they are checked.", False,
             "Nothing suggests the human levels are wrong; they are what the comparison "
             "rests on."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"opposite": "improve part" if flawed else "redesign",
             "more data everywhere": "more data everywhere",
             "human level wrong": "human level wrong"}
    return letter_question(spec, 16, prompt16, options, answer, roles)


def _q17(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q17"]
    big = draw.chance()
    n_typed = draw.integer(600_000, 1_500_000, 100_000)
    n_hand = fig["n_train"]
    params = draw.integer(20, 80, 5) * 1_000_000 if big else draw.integer(20, 60, 5) * 1_000
    fig["typed_forms"] = {"typed": n_typed, "handwritten": n_hand, "parameters": params}
    where = ("a large network trained on cloud GPUs" if big else
             "a tiny network that must run on the scanners' own chip")
    prompt = (
        f"A printing partner offers {count(n_typed)} forms whose policy numbers were typed, "
        f"not handwritten, all correctly labelled. Your reader is {where}, with "
        f"{count(params)} parameters; you have {count(n_hand)} labelled handwritten forms "
        "(`forms.data.typed_forms`). What do you do with the typed forms?"
    )
    items = [
        Item("add all", "Add all the typed forms to the training set; dev and test stay "
             "handwritten.", big,
             f"With {count(params)} parameters the network has room to learn typed digits as "
             "well as handwriting: other-distribution data rarely hurts a big enough model, "
             "and the shapes of typed digits can help." if big else
             f"With only {count(params)} parameters the network cannot learn both well: "
             f"{count(n_typed)} typed forms would take its capacity away from handwriting, "
             "the distribution it is judged on."),
        Item("leave out", "Leave them out, or give them a small weight in the loss, so that the "
             "network's capacity goes to handwriting.", not big,
             f"With only {count(params)} parameters the network must spend its capacity on "
             "what it is judged on: typed forms outnumbering the handwritten ones would pull "
             "it away." if not big else
             f"A network with {count(params)} parameters has capacity to spare: leaving the "
             "forms out gives up data that rarely hurts a model this big."),
        Item("into dev", "Put the typed forms into the dev and test sets, where their number "
             "makes the estimates precise.", False,
             "The dev and test sets must look like what the product reads — handwritten "
             "forms — however precise a typed dev set would be."),
        Item("replace", "Train on the typed forms only: they are clean and plentiful, and "
             "digits are digits.", False,
             "The handwritten forms are the target distribution; dropping them aims the model "
             "at forms it will never be judged on."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"opposite": "leave out" if big else "add all", "into dev": "into dev",
             "replace": "replace"}
    return letter_question(spec, 17, prompt, options, answer, roles)


def _q18(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q18"]
    same_look = draw.chance()
    n = draw.integer(20_000, 60_000, 5_000)
    k = draw.integer(800, 3_000, 100)
    layout = "the same template as yours" if same_look else \
        "its own template, visibly different from yours"
    fig["partner_forms"] = {"forms": n, "corrected_forms": k,
                            "layout": "same as ours" if same_look else "the insurer's own"}
    prompt = (
        f"Another insurer sells you {count(n)} labelled handwritten forms, printed on {layout}. "
        f"On {count(k)} of them the customer crossed out a digit and wrote another one above "
        "it; the insurer's labellers transcribed the **crossed-out** digit, while your rule, "
        "which the business needs, is to transcribe the replacement "
        "(`forms.data.partner_forms`). Your network is large. What do you do?"
    )
    items = [
        Item("leave out", f"Leave the {count(k)} corrected forms out of training (or relabel "
             "them by your rule), and train on the others.", same_look,
             "The forms look exactly like yours, so nothing in the scan tells the network which "
             "rule applies: the same picture would have two answers, and it would learn to "
             "read crossed-out digits on your forms too." if same_look else
             "Leaving them out is safe but not needed: the insurer's template is visibly "
             "different, so the network can tell the two rules apart, and a large network "
             "has room to learn both."),
        Item("keep all", "Keep all the insurer's forms in training as they are.", not same_look,
             "Their template is visibly different, so the network can learn each rule where it "
             "applies — like house prices of two cities with the city given as a feature; "
             "your own forms keep their rule, and the other forms still teach handwriting."
             if not same_look else
             "Nothing in the scan tells the network which rule a form follows: those "
             f"{count(k)} labels teach the wrong answer for the same picture."),
        Item("dev set", "Put the corrected forms into the dev set, to measure how the reader "
             "copes with corrections.", False,
             "Their labels follow the other rule: the dev error would count the right reading "
             "as a mistake."),
        Item("change our rule", "Switch your own labels to the insurer's rule, so that all "
             "the data agree.", False,
             "The rule must follow what the business needs (the number the customer meant), "
             "not the data you happen to buy."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"opposite": "keep all" if same_look else "leave out", "dev set": "dev set",
             "change our rule": "change our rule"}
    return letter_question(spec, 18, prompt, options, answer, roles)


def _q19(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q19"]

    def pick() -> tuple[int, int, float]:
        return (draw.integer(30_000, 90_000, 10_000), draw.integer(400_000, 1_200_000, 100_000),
                draw.pick((0.1, 0.2, 0.25, 0.4, 0.5)))

    def values(v: tuple[int, int, float]) -> dict[str, float]:
        n_h, n_t, s = v
        beta = s * n_h / n_t
        return {"answer": beta, "equal total": n_h / n_t, "inverted": s * n_t / n_h,
                "percent": 100 * beta}

    def ok(v: tuple[int, int, float]) -> bool:
        vals = values(v)
        return separated(vals.values(), 0.025)

    n_h, n_t, s = until(pick, ok, "a weighting")
    fig["weighting"] = {"handwritten": n_h, "typed": n_t, "share": s}
    vals = values((n_h, n_t, s))
    answer = vals.pop("answer")
    wrong = {role: rounded(v, 8) for role, v in vals.items()}
    check_roles(spec, wrong)
    prompt = (
        f"For a mid-sized network, you train on {count(n_h)} handwritten and {count(n_t)} typed "
        "forms, and give each typed form a weight β in the loss (each handwritten form has "
        f"weight 1). You want all the typed forms together to weigh as much as "
        f"{num(100 * s, 0)} % of the handwritten ones (`forms.data.weighting`). What β? Give "
        "it as a number, to 4 decimals."
    )
    explanation = (
        f"**β = {num(answer, 5)}**. The typed forms weigh β × {count(n_t)} in total; setting "
        f"that to {num(s, 2)} × {count(n_h)} gives β = {num(s, 2)} × {count(n_h)} / "
        f"{count(n_t)} = {num(answer, 5)}. The loss is then the sum over handwritten forms plus "
        "β times the sum over typed forms.\n"
        f"- {num(wrong['equal total'], 4)} makes the typed forms weigh as much as all the "
        "handwritten ones.\n"
        f"- {num(wrong['inverted'], 2)} divides the wrong way: each typed form would weigh "
        "more than a handwritten one.\n"
        f"- {num(wrong['percent'], 2)} is β in percent."
    )
    return solved(spec, 19, prompt, (), answer, explanation, wrong)


def _q12_q13_pair(draw: Draw, fig: dict[str, Any]) -> list[Solved]:
    return list(_q12_q13(draw, fig))


def _q14_q15_pair(draw: Draw, fig: dict[str, Any]) -> list[Solved]:
    return list(_q14_q15(draw, fig))


#: the generators of questions 11-19, in order (a pair makes two questions)
MORE_FORMS = (_q11, _q12_q13_pair, _q14_q15_pair, _q16, _q17, _q18, _q19)


def more_forms_questions(draw: Draw, fig: dict[str, Any]) -> list[Solved]:
    """Questions 11-19 of one learner's scanned-forms scenario, drawn after questions 1-10.

    Examples
    --------
    >>> from answer_key.flight.draw import Draw
    >>> questions = more_forms_questions(Draw(0), {"boxes": 8, "n_train": 100_000})
    >>> [q.id for q in questions][:3], len(questions)
    (['q11', 'q12', 'q13'], 9)
    """
    out: list[Solved] = []
    for make in MORE_FORMS:
        made = make(draw, fig)
        out.extend(made if isinstance(made, list) else [made])
    return out
