"""Experiments that serve one notebook each: trained models and measured tables, cached per seed;
and the decision charts of the week summaries (:mod:`.decision_charts`).
"""
