"""A producer writes listings and their photos; the office approves what the public sees."""

import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from storefront.catalog.models import (
    ListingReview,
    Product,
    ProductImage,
    ProductStatus,
    ReviewState,
    StockMovement,
)
from storefront.extensions import db
from tests import factories
from tests.web import csrf_token, outbox, sign_in, submit

MOC_HUONG = "htx-nong-san-moc-huong"
FISH_SAUCE = "nuoc-mam-chay-moc-huong-500ml"


@pytest.fixture(autouse=True)
def private_media(app, tmp_path, monkeypatch):
    """Photos here are added and removed: keep them away from the shared seeded media."""
    monkeypatch.setitem(app.config, "MEDIA_ROOT", str(tmp_path / "media"))


@pytest.fixture
def staff(client):
    user = factories.make_user("producer_staff", email="banhang@mochuong.test",
                               producer=factories.producer_by_slug(MOC_HUONG))
    sign_in(client, user)
    return user


@pytest.fixture
def office(app):
    browser = app.test_client()
    sign_in(browser, factories.make_user("admin"))
    return browser


def listing_form(**changes) -> dict:
    return {
        "category_id": factories.category("spices-condiments").id, "unit": "jar",
        "origin_district_id": factories.district("bo-trach").id,
        "origin_commune": "xã Hải Phú", "shelf_life_days": "365", "abv_percent": "",
        "price_vnd": "85000", "weight_g": "400", "stock": "40",
        "name_vi": "Ruốc tôm Sông Gianh", "summary_vi": "Ruốc tôm rim, đóng hũ 200 g.",
        "story_vi": "Làm **thủ công** ở *Quảng Trạch*.<script>alert(1)</script>",
        "net_quantity_vi": "200 g",
        "name_en": "Song Gianh shrimp floss", "summary_en": "Shrimp floss in a 200 g jar.",
        **changes,
    }


def create(client, lang="vi", **changes):
    return submit(client, f"/{lang}/producer/products/new", listing_form(**changes))


def image_file(fmt="PNG", size=(640, 480), color="orange", exif=None) -> bytes:
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, color).save(out, fmt, **options)
    return out.getvalue()


def upload(client, product, *files):
    url = f"/en/producer/products/{product.id}/photos"
    return submit(client, url, {"photos": [(io.BytesIO(data), name) for data, name in files]},
                  content_type="multipart/form-data")


def newest_product() -> Product:
    return db.session.scalar(sa.select(Product).order_by(Product.id.desc()).limit(1))


def action(client, product, name: str):
    return submit(client, f"/vi/producer/products/{product.id}/{name}", {},
                  form_page=f"/vi/producer/products/{product.id}")


def ready_for_review(client) -> Product:
    create(client)
    product = newest_product()
    upload(client, product, (image_file(), "ruoc.png"))
    assert action(client, product, "submit").status_code == 302
    return product


# -- creating and editing ----------------------------------------------------------------------

def test_a_new_listing_is_a_private_draft_with_its_opening_stock(client, staff):
    response = create(client)

    assert response.status_code == 302 and "/photos" in response.headers["Location"]
    product = newest_product()
    assert product.status == ProductStatus.DRAFT
    assert product.slug == "ruoc-tom-song-gianh"
    assert product.sku.startswith(f"P{product.producer_id}-")
    assert product.stock == 40 and product.price_vnd == 85000 and product.unit == "jar"
    assert product.text("en").name == "Song Gianh shrimp floss"
    movement = db.session.scalar(sa.select(StockMovement).where(
        StockMovement.product_id == product.id))
    assert movement.change == 40 and movement.actor_id == staff.id
    public = client.application.test_client()
    assert public.get(f"/vi/products/{product.slug}").status_code == 404
    assert "Ruốc tôm Sông Gianh" not in public.get("/vi/products?q=ruoc+tom").get_data(
        as_text=True)


def test_the_same_name_twice_gets_its_own_address(client, staff):
    create(client)
    create(client)

    assert newest_product().slug == "ruoc-tom-song-gianh-2"


@pytest.mark.parametrize(("changes", "status", "message"), [
    ({"name_vi": ""}, 409, "Vietnamese name"),
    ({"price_vnd": "500"}, 400, "1.000"),
    ({"category_id": "1"}, 409, "Choose a category"),  # a group, not a subgroup
    ({"unit": "barrel"}, 400, "Not a valid choice"),
    ({"name_en": "", "summary_en": "An English summary"}, 409, "English texts a name"),
    ({"stock": "-4"}, 400, "whole number"),
])
def test_bad_listings_are_refused_with_a_reason_and_nothing_is_stored(client, staff, changes,
                                                                     status, message):
    before = db.session.scalar(sa.select(sa.func.count(Product.id)))

    response = create(client, "en", **changes)

    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Product.id))) == before


def test_the_story_preview_renders_markdown_without_scripts_and_saves_nothing(client, staff):
    before = db.session.scalar(sa.select(sa.func.count(Product.id)))

    response = create(client, preview="1")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>thủ công</strong>" in html and "<em>Quảng Trạch</em>" in html
    assert "<script>alert(1)</script>" not in html
    assert db.session.scalar(sa.select(sa.func.count(Product.id))) == before


def edit(client, product, **changes):
    url = f"/vi/producer/products/{product.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Ruốc" in page or product.text("vi").name in page
    current = {name: value for name, value in listing_form().items()
               if name not in {"price_vnd", "weight_g", "stock"}}
    texts = product.text("vi"), product.text("en")
    for locale, row in zip(("vi", "en"), texts, strict=True):
        for field in ("name", "summary", "description", "story", "ingredients", "usage",
                      "storage", "warnings", "net_quantity"):
            current[f"{field}_{locale}"] = getattr(row, field) if row.locale == locale else ""
    current["category_id"] = product.category_id
    return submit(client, url, {**current, **changes})


def test_a_draft_takes_any_edit_at_once(client, staff):
    create(client)
    product = newest_product()

    response = edit(client, product, name_vi="Ruốc tôm đất Sông Gianh",
                    category_id=factories.category("processed-food").id)

    assert response.status_code == 302
    db.session.refresh(product)
    assert product.text("vi").name == "Ruốc tôm đất Sông Gianh"
    assert product.category.slug == "processed-food"
    assert db.session.scalar(sa.select(ListingReview)) is None


def test_english_is_flagged_when_only_the_vietnamese_changed(client, staff):
    create(client)
    product = newest_product()

    edit(client, product, description_vi="Tôm đất tươi, rim với nước mắm.")

    english = product.text("en")
    db.session.refresh(english)
    assert english.outdated
    assert "The English texts may be outdated" in client.get(
        f"/en/producer/products/{product.id}").get_data(as_text=True)
    edit(client, product, description_en="Fresh field shrimp, simmered in fish sauce.")
    db.session.refresh(english)
    assert not english.outdated
    edit(client, product, usage_vi="Ăn với cơm nóng.")
    db.session.refresh(english)
    assert english.outdated
    edit(client, product, english_confirmed="y")
    db.session.refresh(english)
    assert not english.outdated


# -- photos ------------------------------------------------------------------------------------

def test_photos_are_re_encoded_without_metadata_under_random_names(client, staff, app):
    create(client)
    product = newest_product()
    exif = Image.Exif()
    exif[0x010F] = "Secret camera"

    response = upload(client, product, (image_file("JPEG", exif=exif), "ảnh đẹp.jpg"),
                      (image_file("WEBP", size=(300, 900)), "doc.webp"))

    assert response.status_code == 302
    photos = db.session.scalars(sa.select(ProductImage).where(
        ProductImage.product_id == product.id).order_by(ProductImage.position)).all()
    assert [p.position for p in photos] == [0, 1]
    media = Path(app.config["MEDIA_ROOT"])
    for photo in photos:
        assert photo.path.startswith(f"products/{product.id}/") and "anh" not in photo.path
        for stored in (photo.path, photo.thumb_path):
            with Image.open(media / stored) as image:
                assert image.format == "WEBP" and not image.getexif()
    assert (photos[0].width, photos[0].height) == (640, 480)
    assert client.get(f"/media/{photos[0].thumb_path}").status_code == 200


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"MZ\x90\x00 a program, renamed", "photo.jpg", "JPEG, PNG or WebP"),
    (b"GIF89a" + b"\x00" * 64, "photo.gif", "JPEG, PNG or WebP"),
    (image_file(), "../../etc/photo.png", "folder path"),
    (image_file(), "..\\photo.png", "folder path"),
    (b"\xff\xd8\xff" + b"0" * (12 * 1024 * 1024), "huge.jpg", "larger than 12 MB"),
])
def test_bad_uploads_are_refused_and_nothing_is_kept(client, staff, data, name, message):
    create(client)
    product = newest_product()

    response = upload(client, product, (image_file(), "good.png"), (data, name))

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert product.images == []


def test_a_decompression_bomb_is_refused(client, staff):
    create(client)
    product = newest_product()
    bomb = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, "PNG")  # 144 million pixels, a tiny file

    response = upload(client, product, (bomb.getvalue(), "bomb.png"))

    assert response.status_code == 422 and product.images == []


def test_photos_can_be_described_reordered_and_removed(client, staff, app):
    create(client)
    product = newest_product()
    upload(client, product, (image_file(color="red"), "a.png"), (image_file(color="blue"), "b.png"),
           (image_file(color="green"), "c.png"))
    first, second, third = product.images
    base = f"/vi/producer/products/{product.id}/photos"

    submit(client, f"{base}/{third.id}/move", {"where": "first"}, form_page=base)
    submit(client, f"{base}/{first.id}/move", {"where": "down"}, form_page=base)
    submit(client, f"{base}/{second.id}/text",
           {"alt_vi": "Hũ ruốc trên bàn gỗ", "alt_en": "A jar of shrimp floss"}, form_page=base)
    removed = submit(client, f"{base}/{first.id}/delete", {}, form_page=base)

    assert removed.status_code == 302
    db.session.expire_all()
    remaining = db.session.scalars(sa.select(ProductImage).where(
        ProductImage.product_id == product.id).order_by(ProductImage.position)).all()
    assert [p.id for p in remaining] == [third.id, second.id]
    assert [p.position for p in remaining] == [0, 1]
    assert remaining[1].alt("en") == "A jar of shrimp floss"
    assert not (Path(app.config["MEDIA_ROOT"]) / first.path).exists()
    assert submit(client, f"{base}/{second.id}/move", {"where": "sideways"},
                  form_page=base).status_code == 302  # told "Unknown move", nothing moved


def test_a_product_takes_at_most_ten_photos(client, staff):
    create(client)
    product = newest_product()
    upload(client, product, *[(image_file(size=(40, 40)), f"{n}.png") for n in range(10)])

    response = upload(client, product, (image_file(), "eleventh.png"))

    assert response.status_code == 422 and "up to 10 photos" in response.get_data(as_text=True)
    assert len(product.images) == 10


# -- the office's approval ---------------------------------------------------------------------

def test_a_draft_needs_a_photo_before_it_goes_to_the_office(client, staff):
    create(client)
    product = newest_product()

    response = action(client, product, "submit")

    assert response.status_code == 302
    assert product.status == ProductStatus.DRAFT
    assert "Hãy thêm ít nhất một ảnh" in client.get(
        f"/vi/producer/products/{product.id}").get_data(as_text=True)


def test_approval_publishes_the_listing_into_catalogue_and_search(client, staff, office):
    product = ready_for_review(client)
    review = db.session.scalar(sa.select(ListingReview))
    assert product.status == ProductStatus.PENDING and review.kind == "new_listing"
    dashboard = client.get("/vi/producer/").get_data(as_text=True)
    assert "Ruốc tôm Sông Gianh" in dashboard
    queue = office.get("/en/admin/listings").get_data(as_text=True)
    assert "Ruốc tôm Sông Gianh" in queue or "Song Gianh shrimp floss" in queue

    decided = submit(office, f"/en/admin/listings/{review.id}/approve", {"comment": ""},
                     form_page=f"/en/admin/listings/{review.id}")

    assert decided.status_code == 302
    db.session.expire_all()
    assert product.status == ProductStatus.PUBLISHED and product.published_at is not None
    assert review.state == ReviewState.APPROVED and review.decided_by_id is not None
    public = client.application.test_client()
    assert public.get(f"/vi/products/{product.slug}").status_code == 200
    found = public.get("/vi/products?q=ruoc+tom+song+gianh").get_data(as_text=True)
    assert "Ruốc tôm Sông Gianh" in found
    mail = outbox("listing_approved", to=staff.email)
    assert len(mail) == 1 and "Ruốc tôm Sông Gianh" in mail[0].subject


def test_the_office_asks_for_changes_with_a_reason_the_producer_reads(client, staff, office):
    product = ready_for_review(client)
    review = db.session.scalar(sa.select(ListingReview))
    url = f"/en/admin/listings/{review.id}"
    token = csrf_token(office, url)

    silent = submit(office, f"{url}/request_changes", {"comment": "  "}, form_page=url)
    assert silent.status_code == 409 and product.status == ProductStatus.PENDING

    asked = submit(office, f"{url}/request_changes",
                   {"comment": "Ảnh nhãn chưa rõ hạn sử dụng."}, form_page=url)

    assert asked.status_code == 302
    db.session.expire_all()
    assert product.status == ProductStatus.DRAFT
    assert "Ảnh nhãn chưa rõ hạn sử dụng." in client.get(
        f"/vi/producer/products/{product.id}").get_data(as_text=True)
    assert len(outbox("listing_changes_requested", to=staff.email)) == 1
    again = office.post(f"{url}/approve", data={"comment": "", "csrf_token": token},
                        headers={"Referer": f"https://localhost{url}"})
    assert again.status_code == 409  # already decided: nothing changes
    assert product.status == ProductStatus.DRAFT


def test_a_producer_can_withdraw_a_listing_from_review(client, staff):
    product = ready_for_review(client)

    assert action(client, product, "withdraw").status_code == 302

    db.session.expire_all()
    assert product.status == ProductStatus.DRAFT
    assert db.session.scalar(sa.select(ListingReview.state)) == ReviewState.WITHDRAWN


def test_a_published_products_new_name_waits_for_the_office_other_texts_do_not(
        client, staff, office):
    product = factories.product_by_slug(FISH_SAUCE)
    old_name = product.text("vi").name

    response = edit(client, product, name_vi="Nước mắm chay Mộc Hương thượng hạng",
                    summary_vi="Tóm tắt mới, hiện ngay.")

    assert response.status_code == 302
    public = client.application.test_client()
    page = public.get(f"/vi/products/{product.slug}").get_data(as_text=True)
    assert old_name in page and "thượng hạng" not in page and "Tóm tắt mới, hiện ngay." in page
    review = db.session.scalar(sa.select(ListingReview))
    assert review.kind == "change" and review.proposed_name_vi.endswith("thượng hạng")

    url = f"/en/admin/listings/{review.id}"
    assert "thượng hạng" in office.get(url).get_data(as_text=True)
    submit(office, f"{url}/approve", {"comment": "OK"}, form_page=url)

    assert "thượng hạng" in public.get(f"/vi/products/{product.slug}").get_data(as_text=True)
    assert "thượng hạng" in public.get("/vi/products?q=thuong+hang").get_data(as_text=True)


def test_a_second_proposal_replaces_the_first(client, staff):
    product = factories.product_by_slug(FISH_SAUCE)

    edit(client, product, name_vi="Tên thứ nhất")
    edit(client, product, name_vi="Tên thứ hai")

    reviews = db.session.scalars(sa.select(ListingReview)).all()
    assert len(reviews) == 1 and reviews[0].proposed_name_vi == "Tên thứ hai"


# -- scope -------------------------------------------------------------------------------------

def test_producer_b_can_never_reach_a_listing_or_photo_of_producer_a(client, staff, app):
    create(client)
    product = newest_product()
    upload(client, product, (image_file(), "a.png"))
    photo = product.images[0]
    rival = app.test_client()
    sign_in(rival, factories.make_user("producer_staff",
                                       producer=factories.producer_by_slug("htx-dua-go-thuy-moc")))
    base = f"/vi/producer/products/{product.id}"
    own = factories.producer_by_slug("htx-dua-go-thuy-moc").products[0]

    for path in (f"{base}/edit", f"{base}/photos"):
        assert rival.get(path).status_code == 404
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        for path in (f"{base}/edit", f"{base}/submit", f"{base}/photos",
                     f"{base}/photos/{photo.id}/text", f"{base}/photos/{photo.id}/delete",
                     # B's own product, A's photo: still not found
                     f"/vi/producer/products/{own.id}/photos/{photo.id}/delete"):
            assert rival.post(path, data={"where": "first"}).status_code == 404, path
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    assert db.session.get(ProductImage, photo.id) is not None


# -- the producer's cover photo ----------------------------------------------------------------

def test_a_producer_replaces_its_cover_photo_and_the_old_files_go(client, staff, app):
    producer = factories.producer_by_slug(MOC_HUONG)
    media = Path(app.config["MEDIA_ROOT"])
    url = "/en/producer/profile/cover"

    first = submit(client, url, {"cover": (io.BytesIO(image_file("JPEG", (1600, 700))),
                                           "farm.jpg")},
                   form_page="/en/producer/profile", content_type="multipart/form-data")
    db.session.refresh(producer)
    old = producer.banner_path
    submit(client, url, {"cover": (io.BytesIO(image_file("PNG", (1200, 500))), "new.png")},
           form_page="/en/producer/profile", content_type="multipart/form-data")

    assert first.status_code == 302
    db.session.refresh(producer)
    assert producer.banner_path.startswith(f"producers/{producer.id}/")
    assert producer.banner_path != old and not (media / old).exists()
    assert (media / producer.banner_thumb_path).exists()
    public = client.application.test_client().get(f"/en/producers/{producer.slug}")
    assert producer.banner_path in public.get_data(as_text=True)


def test_a_cover_photo_that_is_not_an_image_changes_nothing(client, staff):
    producer = factories.producer_by_slug(MOC_HUONG)
    before = producer.banner_path

    response = submit(client, "/en/producer/profile/cover",
                      {"cover": (io.BytesIO(b"%PDF-1.4 not a photo"), "cover.jpg")},
                      form_page="/en/producer/profile", content_type="multipart/form-data")

    assert response.status_code == 302
    assert "JPEG, PNG or WebP" in client.get("/en/producer/profile").get_data(as_text=True)
    db.session.refresh(producer)
    assert producer.banner_path == before


def test_photos_of_a_change_that_does_not_commit_are_not_left_behind(app):
    """Files are written before the commit; if it never comes, they go again."""
    from pathlib import Path

    from storefront.catalog import gallery
    from storefront.extensions import db

    product = factories.product_by_slug("nuoc-mam-chay-moc-huong-500ml")
    media = Path(app.config["MEDIA_ROOT"])
    kept = gallery.add_photos(product, [gallery.Upload(image_file(), "kept.jpg")])
    db.session.commit()
    dropped = gallery.add_photos(product, [gallery.Upload(image_file(), "dropped.jpg")])
    dropped_files = [media / dropped[0].path, media / dropped[0].thumb_path]
    assert all(path.exists() for path in dropped_files)
    db.session.rollback()
    assert not any(path.exists() for path in dropped_files)
    assert (media / kept[0].path).exists() and (media / kept[0].thumb_path).exists()
