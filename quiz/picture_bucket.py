"""Teachers' quiz pictures in the S3 bucket (settings: DJANGO_S3_BUCKET), the
seeded ones still read from the code. A module of its own, so that boto3 is
imported only where a bucket is used."""

from storages.backends.s3 import S3Storage

from quiz.pictures import SeedPictures


class BucketQuestionPictureStorage(SeedPictures, S3Storage):
    """Uploads under the prefix `location` in the bucket, private like every object."""
