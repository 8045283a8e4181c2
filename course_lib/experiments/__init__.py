"""Experiments that serve one notebook each: trained models and measured tables, cached per seed.
"""
