"""Weight vectors drawn at random: what "any reasonable weighting" means, made exact.

The robustness analysis asks how a ranking changes over many weight vectors. Which
vectors count as reasonable depends on what the committee has said, so there are four
ways to draw them (``SAMPLINGS``). Every draw is a row of non-negative weights that sum
to 1, one column per criterion in the order given.

``simplex``
    Nothing said: uniform over every weight vector (the SMAA-2 default, Lahdelma &
    Salminen 2001, *Operations Research* 49(3):444-454). Drawn as normalised Exp(1)
    variables, which is exactly Dirichlet(1, ..., 1) and the same distribution as the
    spacings of sorted uniforms in Tervonen & Lahdelma 2007 (*EJOR* 178:500-513);
    Rubinstein 1982 (*EJOR* 10:205-209), Devroye 1986 (*Non-Uniform Random Variate
    Generation*, ch. V.2). Normalising plain uniform draws is *not* uniform.

``around``
    "Roughly these weights": uniform over every weight vector whose weights are each
    within ``spread`` of the current weight, in weight points, and still sum to 1.
    ``spread=0.1`` with a current weight of 30% lets that weight be anything from 20%
    to 40% (never below 0). This is SMAA with interval weight information (Lahdelma,
    Hokkanen & Salminen 1998, *EJOR* 106:137-143; Tervonen & Lahdelma 2007 sample such
    regions by rejection). ``spread=0`` gives the current weights every time;
    ``spread=1`` is the same as ``simplex``.

``order``
    "Rationale matters more than relevance, which matters more than ...": uniform over
    every weight vector that respects an order of importance. Draw uniformly on the
    simplex, sort each draw in descending order and hand the largest weight to the most
    important criterion (Tervonen & Lahdelma 2007; SMAA-O). Criteria in the same group
    are tied: the group's weights are the group's share of the sorted values, in a
    random order within the group. The mean of the draws is the rank-order centroid
    (Barron & Barrett 1996, *Management Science* 42(11):1515-1523), with tied criteria
    sharing the average of their positions' centroid weights.

``members``
    Several members each gave weights: uniform over every weight vector within the range
    the members span, criterion by criterion (the lowest to the highest weight any
    member gave it), summing to 1. Each member's own vector lies in this region, so no
    member's view is excluded; disagreement becomes the distribution (mcda-notes 3.6).
    We chose the per-criterion range (an interval region, as for ``around``) rather than
    convex combinations of the members' vectors because with two or three members the
    convex hull is a line or a triangle, which would claim far more agreement than a
    committee has.

Uniform sampling inside an interval region is exact, by rejection: the region
``{w : low <= w <= high, sum(w) = 1}`` is shifted to ``{y >= 0, sum(y) = 1, y <= b}``
and drawn either from the whole simplex (good when the intervals are wide) or from the
box with the last coordinate fixed by the sum (good when they are narrow); a short
pilot run picks whichever accepts more often. Every accepted draw is uniform on the
region whichever proposal made it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np

from pmf_select.errors import InputError

SAMPLINGS = ("simplex", "around", "order", "members")
"""The ways of drawing weight vectors, in the order the UI offers them."""

SAMPLING_LABELS = {
    "simplex": "uniform over all weights (no preference information)",
    "around": "around the current weights",
    "order": "respecting an order of importance",
    "members": "within the range of the members' weights",
}

MAX_SAMPLES = 2_000_000
"""More samples than this would use gigabytes of memory and change nothing a committee sees."""

_PILOT = 2_000
_MAX_DRAWS = 40_000_000
_EPS = 1e-12


# ---------------------------------------------------------------- checks


def _check_keys(criteria_keys: Sequence[str]) -> list[str]:
    if isinstance(criteria_keys, str):
        raise InputError("criteria keys must be a list of names, not one string")
    keys = [str(k) for k in criteria_keys]
    if not keys:
        raise InputError("at least one criterion is needed to sample weights")
    if len(set(keys)) != len(keys):
        raise InputError(f"criterion keys must be unique, got {', '.join(keys)}")
    return keys


def check_samples(samples: object) -> int:
    """The number of samples as an int, or an InputError saying what is allowed."""
    if isinstance(samples, bool) or not isinstance(samples, numbers.Integral):
        raise InputError(f"samples must be a whole number from 1 to {MAX_SAMPLES:,}, not {samples!r}")
    if not 1 <= int(samples) <= MAX_SAMPLES:
        raise InputError(f"samples must be from 1 to {MAX_SAMPLES:,}, not {samples}")
    return int(samples)


def check_seed(seed: object) -> int:
    """A seed as a non-negative int (what the decision record stores)."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or int(seed) < 0:
        raise InputError(f"seed must be a whole number 0 or more, not {seed!r}")
    return int(seed)


def check_spread(spread: object) -> float:
    """The ``around`` spread: weight points from 0 to 1 (0.1 = ten percentage points)."""
    try:
        value = float(spread)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"spread must be a number from 0 to 1 (0.1 = 10 weight points), not {spread!r}") from None
    if isinstance(spread, bool) or not math.isfinite(value) or not 0 <= value <= 1:
        raise InputError(f"spread must be a number from 0 to 1 (0.1 = 10 weight points), not {spread!r}")
    return value


def _weight_vector(weights: Mapping[str, float], keys: list[str], what: str) -> np.ndarray:
    """Check a full weight mapping (every key, no others, non-negative) and normalise it."""
    if not isinstance(weights, Mapping):
        raise InputError(f"{what} must map each criterion to a weight")
    unknown = [k for k in weights if k not in keys]
    if unknown:
        raise InputError(f"{what}: unknown criterion '{unknown[0]}': expected one of {', '.join(keys)}")
    missing = [k for k in keys if k not in weights]
    if missing:
        raise InputError(f"{what}: no weight for {', '.join(missing)}: give a weight for every criterion")
    vector = np.empty(len(keys))
    for i, key in enumerate(keys):
        value = weights[key]
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InputError(f"{what}: weight for '{key}' must be a number, not {value!r}") from None
        if isinstance(value, bool) or not math.isfinite(number) or number < 0:
            raise InputError(f"{what}: weight for '{key}' must be a non-negative number, not {value!r}")
        vector[i] = number
    total = vector.sum()
    if total <= 0:
        raise InputError(f"{what}: weights are all zero: give at least one criterion a positive weight")
    return vector / total


def normalise_order(order: Sequence[Sequence[str]] | Sequence[str], criteria_keys: Sequence[str]) -> list[list[str]]:
    """An order of importance as groups of tied criteria, most important first.

    Accepts ``[["a"], ["b", "c"], ["d"]]`` or a flat ``["a", "b", "c", "d"]`` (no ties).
    Every criterion must appear exactly once, so nothing is ranked by accident.
    """
    keys = _check_keys(criteria_keys)
    if isinstance(order, str) or not isinstance(order, Sequence) or not order:
        raise InputError(f"order must list the criteria from most to least important: {', '.join(keys)}")
    groups: list[list[str]] = []
    for group in order:
        members = [group] if isinstance(group, str) else list(group)
        if not members:
            raise InputError("order: an empty group of criteria; every group needs at least one criterion")
        groups.append([str(m) for m in members])
    named = [k for g in groups for k in g]
    unknown = [k for k in named if k not in keys]
    if unknown:
        raise InputError(f"order: unknown criterion '{unknown[0]}': expected one of {', '.join(keys)}")
    repeated = sorted({k for k in named if named.count(k) > 1})
    if repeated:
        raise InputError(f"order: {', '.join(repeated)} named more than once; name each criterion once")
    missing = [k for k in keys if k not in named]
    if missing:
        raise InputError(f"order: {', '.join(missing)} not placed; the order must include every criterion")
    return groups


def order_from_weights(weights: Mapping[str, float], criteria_keys: Sequence[str] | None = None) -> list[list[str]]:
    """The order of importance implied by weights: heaviest first, equal weights tied.

    Used when ``order`` sampling is asked for without an explicit order: "keep the
    order our current weights imply, but nothing more".
    """
    keys = _check_keys(list(criteria_keys) if criteria_keys is not None else list(weights))
    vector = _weight_vector(weights, keys, "weights")
    groups: list[list[str]] = []
    last = None
    for i in sorted(range(len(keys)), key=lambda i: (-vector[i], i)):
        if last is not None and abs(vector[i] - last) <= 1e-9:
            groups[-1].append(keys[i])
        else:
            groups.append([keys[i]])
        last = vector[i]
    return groups


# ---------------------------------------------------------------- samplers


def _simplex(rng: np.random.Generator, samples: int, c: int) -> np.ndarray:
    """Uniform on the simplex: normalised Exp(1) draws = Dirichlet(1, ..., 1)."""
    draws = rng.standard_exponential((samples, c))
    draws /= draws.sum(axis=1, keepdims=True)
    return draws


def _ordered(rng: np.random.Generator, samples: int, keys: list[str], groups: list[list[str]]) -> np.ndarray:
    """Uniform over weights respecting the groups' order (sort, then assign)."""
    c = len(keys)
    ranked = -np.sort(-_simplex(rng, samples, c), axis=1)  # descending in each row
    out = np.empty((samples, c))
    position = 0
    column = {k: i for i, k in enumerate(keys)}
    for group in groups:
        size = len(group)
        block = ranked[:, position : position + size]
        if size > 1:  # tied criteria share the group's values in a random order
            shuffle = np.argsort(rng.random((samples, size)), axis=1)
            block = np.take_along_axis(block, shuffle, axis=1)
        for j, key in enumerate(group):
            out[:, column[key]] = block[:, j]
        position += size
    return out


def _capped_simplex(rng: np.random.Generator, samples: int, cap: np.ndarray) -> np.ndarray:
    """Uniform on ``{y >= 0, sum(y) = 1, y <= cap}`` by exact rejection.

    Two proposals, both uniform on a set containing the region: the whole simplex
    (accepts often when the caps are large) and the box ``0 <= y_j <= min(cap_j, 1)`` on
    all but the widest coordinate, which the sum then fixes (accepts often when the caps
    are small; the map is linear so uniform stays uniform). A pilot of each picks the
    better; the accepted draws are uniform on the region either way.
    """
    f = len(cap)
    cap = np.minimum(cap, 1.0)
    last = int(np.argmax(cap))
    others = np.array([j for j in range(f) if j != last], dtype=int)

    def from_simplex(m: int) -> np.ndarray:
        y = _simplex(rng, m, f)
        return y[np.all(y <= cap + _EPS, axis=1)]

    def from_box(m: int) -> np.ndarray:
        # the same draws and arithmetic as filling y's columns in place, but on the
        # (m, f - 1) block and the last column apart: gathers by column index over all
        # m rows were most of this function's time (issue 18)
        free = rng.random((m, f - 1))
        free *= cap[others]
        rest = 1.0 - free.sum(axis=1)
        keep = (rest >= -_EPS) & (rest <= cap[last] + _EPS)
        y = np.empty((int(keep.sum()), f))
        y[:, others] = free[keep]
        y[:, last] = rest[keep]
        return y

    pilot = {name: len(fn(_PILOT)) for name, fn in (("simplex", from_simplex), ("box", from_box))}
    proposal = from_simplex if pilot["simplex"] >= pilot["box"] else from_box
    rate = max(pilot.values()) / _PILOT
    if rate * _MAX_DRAWS < samples:
        raise InputError(
            "the allowed weights are too small a part of all weights to sample "
            f"(about {rate:.1e} of draws fall inside): widen the spread or the members' range"
        )
    chunks: list[np.ndarray] = []
    got = draws = 0
    while got < samples:
        want = samples - got
        batch = int(min(max(1_000, want / max(rate, 1e-6) * 1.1 + 100), 1_000_000))
        accepted = proposal(batch)
        draws += batch
        chunks.append(accepted)
        got += len(accepted)
        if draws > _MAX_DRAWS and got < samples:
            raise InputError("could not draw enough weights inside the allowed region: widen the spread")
    y = np.concatenate(chunks)[:samples]
    np.clip(y, 0.0, None, out=y)
    return y


def uniform_in_intervals(rng: np.random.Generator, samples: int, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Uniform over ``{w : low <= w <= high, sum(w) = 1}`` (``sum(low) <= 1 <= sum(high)``).

    Criteria whose interval has no width are fixed; the rest share the weight left
    over after every criterion has its lower bound, ``w = low + rest * y``.
    """
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    rest = 1.0 - low.sum()
    free = np.flatnonzero(high - low > _EPS)
    if rest <= _EPS or len(free) == 0:
        out = np.tile(low, (samples, 1))
        return out / out.sum(axis=1, keepdims=True)
    cap = (high[free] - low[free]) / rest
    if len(free) == 1:
        y = np.ones((samples, 1))
    else:
        y = _capped_simplex(rng, samples, cap)
    y *= rest
    if len(free) == len(low):  # every criterion free (the usual case): no column gathers
        out = np.add(low, y, out=y)
    else:
        out = np.tile(low, (samples, 1))
        out[:, free] += y
    out /= out.sum(axis=1, keepdims=True)
    return out


def sample_weights(
    kind: str,
    criteria_keys: Sequence[str],
    samples: int,
    seed: int | np.random.Generator,
    *,
    center: Mapping[str, float] | None = None,
    spread: float = 0.1,
    order: Sequence[Sequence[str]] | None = None,
    members: Mapping[str, Mapping[str, float]] | None = None,
) -> np.ndarray:
    """Draw ``samples`` weight vectors, shape ``(samples, len(criteria_keys))``.

    Each row is non-negative and sums to 1; columns follow ``criteria_keys``. The same
    ``seed`` (an int, or a ``numpy.random.Generator`` to continue a stream) gives the
    same rows. See the module docstring for what each ``kind`` means and its reference.

    ``center`` (kind ``around``): the current weights, one for every criterion, any
    non-negative numbers (normalised). ``spread``: how far each weight may move, in
    weight points (0.1 = ten percentage points). ``order`` (kind ``order``): groups of
    criteria from most to least important; a flat list means no ties. ``members`` (kind
    ``members``): each member's weights for every criterion. Arguments a kind does not
    use are ignored. Bad arguments raise :class:`InputError` saying what was expected.
    """
    if kind not in SAMPLINGS:
        raise InputError(f"unknown sampling '{kind}': expected one of {', '.join(SAMPLINGS)}")
    keys = _check_keys(criteria_keys)
    samples = check_samples(samples)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(check_seed(seed))
    c = len(keys)

    if kind == "simplex":
        return _simplex(rng, samples, c)

    if kind == "order":
        if order is None:
            raise InputError("order sampling needs an order of importance of the criteria")
        return _ordered(rng, samples, keys, normalise_order(order, keys))

    if kind == "around":
        if center is None:
            raise InputError("around sampling needs the current weights to sample around")
        middle = _weight_vector(center, keys, "current weights")
        width = check_spread(spread)
        return uniform_in_intervals(rng, samples, np.maximum(middle - width, 0.0), np.minimum(middle + width, 1.0))

    # members
    if not members or not isinstance(members, Mapping):
        raise InputError("members sampling needs at least one member's weights")
    vectors = np.array([_weight_vector(w, keys, f"member '{name}'") for name, w in members.items()])
    return uniform_in_intervals(rng, samples, vectors.min(axis=0), vectors.max(axis=0))


__all__ = [
    "MAX_SAMPLES",
    "SAMPLINGS",
    "SAMPLING_LABELS",
    "check_samples",
    "check_seed",
    "check_spread",
    "normalise_order",
    "order_from_weights",
    "sample_weights",
    "uniform_in_intervals",
]
