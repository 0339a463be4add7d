"""Extensive-form games with answers known from the literature, shared by the tests."""

from __future__ import annotations

from multivector.games.extensive import (
    Chance,
    Decision,
    ExtensiveFormGame,
    Terminal,
    from_tree,
)


def centipede() -> ExtensiveFormGame:
    """The four-move centipede game of McKelvey and Palfrey (1992), Econometrica 60,
    Figure 1: the pot doubles at each pass; its unique subgame perfect equilibrium is to
    take at every node."""
    take = [
        Terminal(["0.40", "0.10"]),
        Terminal(["0.20", "0.80"]),
        Terminal(["1.60", "0.40"]),
        Terminal(["0.80", "3.20"]),
    ]
    end = Terminal(["6.40", "1.60"])
    node = Decision("Blue", {"take": take[3], "pass": end}, infoset="4")
    node = Decision("Red", {"take": take[2], "pass": node}, infoset="3")
    node = Decision("Blue", {"take": take[1], "pass": node}, infoset="2")
    node = Decision("Red", {"take": take[0], "pass": node}, infoset="1")
    return from_tree(["Red", "Blue"], node, title="centipede (McKelvey and Palfrey 1992)")


def chain_store() -> ExtensiveFormGame:
    """Selten's (1978) chain store game, one market: the entrant stays out (incumbent
    keeps the monopoly profit 5) or enters; the incumbent fights (0, 0) or shares (2, 2).
    Two pure Nash equilibria, (out, fight) and (in, share); only (in, share) is subgame
    perfect."""
    return from_tree(
        ["Entrant", "Incumbent"],
        Decision(
            "Entrant",
            {
                "out": Terminal([1, 5]),
                "in": Decision(
                    "Incumbent", {"fight": Terminal([0, 0]), "share": Terminal([2, 2])}
                ),
            },
            infoset="enter?",
        ),
        title="chain store, one market (Selten 1978)",
    )


def selten_horse() -> ExtensiveFormGame:
    """Selten's (1975) horse, Figure 1 of "Reexamination of the perfectness concept",
    IJGT 4: player 3 cannot tell whether player 1 moved down or player 2 did.

    Payoffs as in Fudenberg and Tirole (1991), Figure 8.5: D then L (3, 3, 2), D then R
    (0, 0, 0), A then a (1, 1, 1), A d L (4, 4, 0), A d R (0, 0, 1). Nash equilibria:
    (A, a, R with probability of L at most 1/4) and (D, a with probability at least 1/2,
    L). Only the first is sequential: in the second, player 2's a is not a best reply
    once her node is reached.
    """
    return from_tree(
        ["1", "2", "3"],
        Decision(
            "1",
            {
                "D": Decision("3", {"L": Terminal([3, 3, 2]), "R": Terminal([0, 0, 0])}, "3"),
                "A": Decision(
                    "2",
                    {
                        "a": Terminal([1, 1, 1]),
                        "d": Decision(
                            "3", {"L": Terminal([4, 4, 0]), "R": Terminal([0, 0, 1])}, "3"
                        ),
                    },
                    "2",
                ),
            },
            "1",
        ),
        title="Selten's horse",
    )


def beer_quiche() -> ExtensiveFormGame:
    """Cho and Kreps (1987), "Signaling games and stable equilibria", QJE 102, Section II.

    Nature makes the sender strong (0.9) or weak (0.1); the sender, knowing his type,
    has beer or quiche for breakfast; the receiver sees the breakfast, not the type, and
    duels or not. The sender gets 1 for his preferred breakfast (beer if strong, quiche if
    weak) plus 2 if there is no duel; the receiver gets 1 for dueling a weak sender or
    not dueling a strong one. Every sequential equilibrium pools: both types on beer, or
    both on quiche (the second fails the intuitive criterion, not sequentiality); no
    separating profile is an equilibrium.
    """

    def receiver(kind: str, meal: str) -> Decision:
        bonus = 1 if (kind, meal) in {("strong", "beer"), ("weak", "quiche")} else 0
        return Decision(
            "Receiver",
            {
                "duel": Terminal([bonus, 1 if kind == "weak" else 0]),
                "no duel": Terminal([bonus + 2, 1 if kind == "strong" else 0]),
            },
            infoset=f"after {meal}",
        )

    def sender(kind: str) -> Decision:
        return Decision(
            "Sender",
            {"beer": receiver(kind, "beer"), "quiche": receiver(kind, "quiche")},
            infoset=kind,
        )

    return from_tree(
        ["Sender", "Receiver"],
        Chance({"weak": ("1/10", sender("weak")), "strong": ("9/10", sender("strong"))}),
        title="beer-quiche (Cho and Kreps 1987)",
    )
