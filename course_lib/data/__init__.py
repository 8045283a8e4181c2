"""The course's data and simulators: real data sets that ship with scikit-learn, and seeded
simulations built on them (web vs phone-camera digits, regions, label noise, wake words, ...).

Everything here is made on the spot from a seed; nothing is downloaded.
"""
