"""Media building blocks: what a file on a camera card *is* and what is inside it.

Here live the kind classifier (extension and magic bytes, :mod:`.kinds`), a defensive reader of MP4/MOV
boxes (:mod:`.boxes`), the media probe (:mod:`.probe`) and the thumbnail strip maker (:mod:`.thumbnails`),
which run the actual decoding in a separate, time-limited worker process (:mod:`.worker`, :mod:`.isolation`)
so that a hostile file that crashes or hangs the decoder cannot take the station down, and the synthetic
body-camera card generator (:mod:`.demo_card`) used for demos and tests. This package may import only
``evidence_station.domain``, the Python standard library, OpenCV (``cv2``) and numpy; ``cv2`` is imported
lazily where the parent process does not need it.
"""
