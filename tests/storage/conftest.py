"""A real S3-compatible server on 127.0.0.1 (moto's server mode) and the site's media on it."""

import uuid
from types import SimpleNamespace

import boto3
import pytest
from moto.server import ThreadedMotoServer

from cms.settings.base import s3_storages

REGION = "fr-par"
KEYS = {"access_key": "coeur-test", "secret_key": "coeur-test-secret"}


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint):
    """An empty bucket of this test's own, and STORAGES built from it by the production code
    (`cms.settings.base.s3_storages`) as the environment variables would build them."""
    bucket = f"coeur-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    storages = s3_storages(
        {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": REGION,
        }
    )
    for storage in storages.values():
        storage["OPTIONS"].update(KEYS)
    settings.STORAGES = {**settings.STORAGES, **storages}

    def keys(prefix=""):
        listing = client.list_objects_v2(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    base = f"{s3_endpoint}/{bucket}/"
    return SimpleNamespace(client=client, bucket=bucket, base=base, keys=keys)
