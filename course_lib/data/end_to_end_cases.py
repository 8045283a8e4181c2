"""The course's examples of the end-to-end decision, with rough figures, for week 2 · 10.

The figures the course gives (e.g. "3,000 hours" and "10,000-100,000 hours" of speech) are
used as given; the others are rough orders of magnitude chosen for this workbook.
"""

from __future__ import annotations

from course_lib.end_to_end import ApproachCase

__all__ = ["COURSE_CASES", "STATEMENTS"]


#: The course's examples. Figures written in words in the course ("hundreds of
#: millions of face images", 3,000 and 10,000-100,000 hours of speech) are used as
#: given; the others are rough orders of magnitude chosen for this workbook.
COURSE_CASES: tuple[ApproachCase, ...] = (
    ApproachCase(
        name="turnstile face recognition",
        x="camera image at the turnstile", y="identity of the employee",
        end_to_end=(10_000, 10_000_000),
        steps={"find and crop the face": (1_000_000, 100_000),
               "tell who the cropped face is": (200_000_000, 10_000_000)},
        why="few labelled turnstile images; plenty of data for face detection and hundreds "
            "of millions of face images for recognition",
    ),
    ApproachCase(
        name="machine translation",
        x="English sentence", y="French sentence",
        end_to_end=(100_000_000, 10_000_000),
        why="very many (English, French) sentence pairs exist, so the whole mapping can be "
            "learned; no pipeline needs to be weighed",
    ),
    ApproachCase(
        name="bone age from a hand x-ray",
        x="x-ray image of a child's hand", y="age of the child",
        end_to_end=(500, 100_000),
        steps={"segment the bones and measure their lengths": (20_000, 10_000),
               "look up the age for those lengths in statistical tables": (0, 0)},
        why="few x-rays labelled with an age; bone segmentation can be learned from fewer, "
            "simpler labels, and the age lookup uses existing tables",
    ),
    ApproachCase(
        name="autonomous driving",
        x="camera (and radar, lidar) images", y="steering direction",
        end_to_end=(1_000_000, 100_000_000),
        steps={"detect cars and pedestrians": (50_000_000, 1_000_000),
               "plan a route around them (motion planning software)": (0, 0),
               "steer along the route (control software)": (0, 0)},
        why="steering directly from pixels would need a huge amount of driving data; object "
            "detection is learned, planning and control are well-engineered software",
    ),
    ApproachCase(
        name="speech recognition, 3,000 hours",
        x="audio clip", y="transcript", unit="hours of audio",
        end_to_end=(3_000, 10_000),
        steps={"hand-designed audio features (MFCC)": (0, 0),
               "phonemes from the features": (3_000, 1_000),
               "words from phonemes (pronunciation dictionary)": (0, 0)},
        why="with about 3,000 hours the classic pipeline works well",
    ),
    ApproachCase(
        name="speech recognition, 100,000 hours",
        x="audio clip", y="transcript", unit="hours of audio",
        end_to_end=(100_000, 10_000),
        steps={"hand-designed audio features (MFCC)": (0, 0),
               "phonemes from the features": (100_000, 1_000),
               "words from phonemes (pronunciation dictionary)": (0, 0)},
        why="from roughly 10,000 to 100,000 hours the end-to-end approach shines",
    ),
)


#: Statements about end-to-end learning, by letter (notebook 10 asks which are pros
#: and which are cons).
STATEMENTS: dict[str, str] = {
    "A": "It lets the data speak: the network can find its own intermediate representation "
         "instead of being forced through concepts people invented, such as phonemes.",
    "B": "It may need a very large number of labelled (x, y) examples for the whole task.",
    "C": "It works best when you have little labelled data for the whole task.",
    "D": "Less of the system has to be designed by hand, so building it is simpler.",
    "E": "It leaves out hand-designed components that could bring useful knowledge into the "
         "system when data is limited.",
    "F": "It is guaranteed to be more accurate than any pipeline.",
}
