#!/usr/bin/python3
"""Generates Debut's synthetic sample data into sample_data/ (deterministic, stdlib only).

Everything here is invented: product names, brands, descriptions, prices and the
merchandiser's labels. Nothing is copied from a real catalogue.

How the data is made
--------------------
* Each item gets a category (7 of them), a product type from that category, a
  hidden *style* (classic / sporty / minimalist / luxury / eco) and a brand.
  Brands lean towards a style (a luxury house, an eco start-up, ...).
* Title and description are assembled from phrase banks. Style words
  ("handcrafted", "recycled", "breathable", ...) appear in the text, so the style
  is learnable from words; a share of items carry weaker or mixed cues so that the
  task is not trivial.
* Price = category base range x style factor x noise; ~4 % of prices are missing.
* "bought" (binary, per segment: students / parents / outdoor-enthusiasts) comes
  from a hidden utility = text cues (e.g. "dorm", "kids", "waterproof") + brand
  affinity + price sensitivity + noise, thresholded. A model that reads the text
  can beat chance; it cannot be perfect.
* The labels files hold only a few examples per class, picked the way a
  merchandiser would (clear cases mostly, a couple of borderline ones).
  sample_data/ground_truth.csv holds the hidden truth for every item, for
  evaluation only: never import it as labels.
* A small Chinese catalogue (~200 items, Chinese headers) with style labels is
  written as UTF-8 with BOM, plus the same file in GB18030.

Run:  /usr/bin/python3 scripts/make_sample_data.py [OUT_DIR]   (default sample_data/)
"""
import csv
import io
import os
import random
import sys

SEED = 20240611
STYLES = ["classic", "sporty", "minimalist", "luxury", "eco"]
SEGMENTS = ["students", "parents", "outdoor-enthusiasts"]

# ---------------------------------------------------------------- phrase banks
STYLE_WORDS = {
    "classic": {
        "adj": ["Heritage", "Timeless", "Vintage-Inspired", "Traditional", "Classic", "Old-School"],
        "mat": ["walnut", "tweed", "brass", "oak", "waxed canvas", "enamel"],
        "phr": ["a timeless design that never goes out of style",
                "heritage craftsmanship inspired by the 1950s",
                "traditional detailing with a vintage finish",
                "a classic shape your grandparents would recognise",
                "old-world charm with brass accents"],
    },
    "sporty": {
        "adj": ["Performance", "Active", "Training", "Pro Sport", "Race-Ready", "Dynamic"],
        "mat": ["breathable mesh", "stretch nylon", "sweat-wicking fabric", "lightweight alloy",
                "grippy rubber", "quick-dry polyester"],
        "phr": ["built for training sessions and race days",
                "breathable and lightweight for high-intensity workouts",
                "engineered for performance, speed and agility",
                "keeps up with your gym routine and weekend runs",
                "sweat-wicking and ready for action"],
    },
    "minimalist": {
        "adj": ["Essential", "Simple", "Clean-Line", "Pure", "Modular", "Basic"],
        "mat": ["matte aluminium", "plain cotton", "white ceramic", "birch plywood",
                "neutral felt", "powder-coated steel"],
        "phr": ["clean lines and a neutral palette with nothing superfluous",
                "a simple, streamlined form that fits any space",
                "pared-back design in matte neutral tones",
                "just the essentials, thoughtfully reduced",
                "an uncluttered shape with a quiet matte finish"],
    },
    "luxury": {
        "adj": ["Premium", "Signature", "Handcrafted", "Limited Edition", "Deluxe", "Couture"],
        "mat": ["cashmere", "silk", "full-grain leather", "24k gold-plated", "Italian marble",
                "hand-polished crystal"],
        "phr": ["handcrafted by artisans from the finest materials",
                "a limited edition piece with exquisite finishing",
                "premium quality with gold-plated details and a gift box",
                "indulgent, refined and made to be treasured",
                "exclusive craftsmanship with a signature monogram"],
    },
    "eco": {
        "adj": ["Eco", "Organic", "Recycled", "Sustainable", "Plastic-Free", "Earth-Friendly"],
        "mat": ["organic cotton", "recycled plastic", "bamboo", "cork", "hemp",
                "reclaimed wood"],
        "phr": ["made from recycled materials with plastic-free packaging",
                "sustainably sourced and fully compostable at end of life",
                "organic, fair-trade and kind to the planet",
                "low-impact production with a carbon-neutral footprint",
                "repairable, refillable and designed to reduce waste"],
    },
}

# materials that make sense for a category, per style (used in titles and descriptions)
MATERIALS = {
    "outdoor": {"classic": ["waxed canvas", "leather trim", "wool"], "sporty": ["ripstop nylon", "lightweight alloy", "breathable mesh"],
                "minimalist": ["matte aluminium", "plain nylon", "grey fleece"], "luxury": ["full-grain leather", "merino", "titanium"],
                "eco": ["recycled polyester", "organic cotton", "hemp"]},
    "kitchen": {"classic": ["cast iron", "enamel", "walnut"], "sporty": ["shatterproof Tritan", "stainless steel", "silicone grip"],
                "minimalist": ["white ceramic", "matte steel", "birch"], "luxury": ["copper", "Italian marble", "hand-forged Damascus steel"],
                "eco": ["bamboo", "recycled glass", "cork"]},
    "fashion": {"classic": ["tweed", "wool", "brown leather"], "sporty": ["stretch nylon", "sweat-wicking jersey", "breathable mesh"],
                "minimalist": ["plain cotton", "black canvas", "undyed linen"], "luxury": ["cashmere", "silk", "full-grain leather"],
                "eco": ["organic cotton", "recycled polyester", "hemp"]},
    "electronics": {"classic": ["walnut veneer", "brushed brass", "retro bakelite-look"], "sporty": ["rubberised shell", "sweatproof silicone", "lightweight alloy"],
                    "minimalist": ["matte aluminium", "white polycarbonate", "anodised grey"], "luxury": ["24k gold-plated", "sapphire glass", "Italian leather"],
                    "eco": ["recycled plastic", "bamboo", "recycled aluminium"]},
    "beauty": {"classic": ["rose water", "lavender", "glass jar"], "sporty": ["cooling menthol", "sweat-resistant formula", "sports gel"],
               "minimalist": ["fragrance-free formula", "plain glass bottle", "five ingredients"], "luxury": ["gold flakes", "caviar extract", "crystal flacon"],
               "eco": ["organic aloe", "refillable tin", "plastic-free packaging"]},
    "home": {"classic": ["oak", "brass", "velvet"], "sporty": ["quick-dry microfibre", "steel frame", "weatherproof fabric"],
             "minimalist": ["white ash", "powder-coated steel", "grey felt"], "luxury": ["Italian marble", "silk", "hand-polished crystal"],
             "eco": ["reclaimed wood", "jute", "organic linen"]},
    "toys": {"classic": ["painted beech", "tin", "wool felt"], "sporty": ["foam", "durable rubber", "lightweight plastic"],
             "minimalist": ["natural maple", "plain wood", "soft grey cotton"], "luxury": ["hand-painted porcelain", "velvet", "solid cherry wood"],
             "eco": ["FSC-certified wood", "recycled plastic", "organic cotton"]},
}

# category -> (id prefix, price range, products, category phrases)
CATEGORIES = {
    "outdoor": ("OUT", (15, 260), [
        "Hiking Backpack", "Camping Tent", "Sleeping Bag", "Trekking Poles", "Rain Jacket",
        "Headlamp", "Water Bottle", "Camp Stove", "Hammock", "Trail Shoes", "Picnic Blanket",
        "Folding Chair", "Cooler Box", "Compass", "Fleece Vest"],
        ["waterproof and windproof for wet trail days", "packs down small for camping trips",
         "tested on mountain trails and long hikes", "a reliable companion for the campsite",
         "UV-resistant and built for the outdoors", "with reflective details for night hikes"]),
    "kitchen": ("KIT", (6, 220), [
        "Chef's Knife", "Cast Iron Skillet", "Coffee Grinder", "Mixing Bowl Set", "Cutting Board",
        "Teapot", "Spice Rack", "Dutch Oven", "Salad Spinner", "Espresso Cups", "Lunch Box",
        "Food Storage Jars", "Measuring Spoons", "Kettle", "Baking Tray"],
        ["dishwasher safe for easy cleaning", "holds heat evenly for perfect results",
         "great for family dinners and weekday meals", "food-safe and BPA-free",
         "compact enough for a small kitchen or dorm", "a favourite of home cooks"]),
    "fashion": ("FAS", (12, 320), [
        "Trench Coat", "Running Tee", "Wool Scarf", "Denim Jacket", "Leather Belt",
        "Sneakers", "Tote Bag", "Knit Sweater", "Chino Trousers", "Baseball Cap",
        "Silk Blouse", "Ankle Boots", "Hoodie", "Wallet", "Sunglasses"],
        ["true to size with a relaxed fit", "pairs with jeans or tailored trousers",
         "machine washable at 30 degrees", "available in five colours",
         "a wardrobe staple for every season", "soft on the skin all day long"]),
    "electronics": ("ELE", (10, 900), [
        "Wireless Earbuds", "Bluetooth Speaker", "Smartwatch", "Power Bank", "USB-C Hub",
        "Mechanical Keyboard", "Webcam", "E-Reader", "Desk Lamp", "Noise-Cancelling Headphones",
        "Portable Charger", "Fitness Tracker", "Laptop Stand", "Action Camera", "Wi-Fi Router"],
        ["with a 20-hour battery life", "fast charging over USB-C",
         "pairs instantly with phones and laptops", "firmware updates over the air",
         "includes a two-year warranty", "low-latency audio for calls and games"]),
    "beauty": ("BEA", (5, 180), [
        "Face Serum", "Moisturiser", "Lip Balm", "Shampoo Bar", "Body Lotion", "Hair Dryer",
        "Makeup Brush Set", "Eau de Parfum", "Night Cream", "Sunscreen SPF 50", "Face Mask",
        "Nail Polish", "Beard Oil", "Hand Cream", "Cleansing Balm"],
        ["dermatologically tested for sensitive skin", "lightly scented with citrus and vanilla",
         "absorbs quickly without a greasy feel", "vegan and cruelty-free",
         "suitable for all skin types", "a travel-size version is included"]),
    "home": ("HOM", (8, 450), [
        "Throw Blanket", "Table Lamp", "Scented Candle", "Wall Clock", "Cushion Cover",
        "Bookshelf", "Bath Towel Set", "Plant Pot", "Storage Basket", "Bedside Table",
        "Duvet Cover", "Doormat", "Picture Frame", "Floor Rug", "Vase"],
        ["brings warmth to the living room", "easy to assemble in ten minutes",
         "fits small flats and student rooms", "a cosy touch for the bedroom",
         "looks great in a hallway or study", "easy to wipe clean"]),
    "toys": ("TOY", (4, 150), [
        "Building Blocks", "Wooden Train Set", "Plush Bear", "Puzzle 500 Pieces", "Board Game",
        "Remote Control Car", "Art Kit", "Doll House", "Science Kit", "Kite",
        "Stacking Rings", "Card Game", "Marble Run", "Balance Bike", "Bath Toys"],
        ["for ages 3 and up", "encourages creativity and problem solving",
         "hours of fun for the whole family", "safety-tested with non-toxic paints",
         "a great birthday gift for kids", "builds fine motor skills"]),
}

# segment cue words and category affinity (hidden utility)
SEGMENT_CUES = {
    "students": (["dorm", "student", "budget", "compact", "study", "laptop", "exam", "campus",
                  "affordable", "shared flat"],
                 {"electronics": 0.9, "home": 0.3, "kitchen": 0.3, "fashion": 0.3,
                  "outdoor": -0.3, "beauty": 0.0, "toys": -1.2}),
    "parents": (["kids", "family", "children", "toddler", "school run", "non-toxic",
                 "child-safe", "baby", "lunchbox", "parents"],
                {"toys": 1.3, "kitchen": 0.5, "home": 0.4, "outdoor": 0.0, "fashion": -0.3,
                 "electronics": -0.2, "beauty": -0.3}),
    "outdoor-enthusiasts": (["trail", "waterproof", "camping", "hiking", "summit",
                             "rugged", "backcountry", "all-weather", "expedition", "outdoors"],
                            {"outdoor": 1.5, "fashion": 0.2, "electronics": 0.1, "kitchen": -0.4,
                             "beauty": -0.8, "toys": -0.6, "home": -0.8}),
}
SEGMENT_PHRASES = {
    "students": ["ideal for a dorm room or a shared flat", "a budget-friendly pick for students",
                 "compact enough for a campus desk", "keeps you going through exam season",
                 "fits in a laptop bag for study sessions"],
    "parents": ["kids love it and parents trust it", "child-safe and made with non-toxic materials",
                "makes the school run easier for the whole family",
                "a family favourite for toddlers and older children",
                "packs neatly into a lunchbox or baby bag"],
    "outdoor-enthusiasts": ["rugged enough for backcountry camping", "waterproof for all-weather hiking",
                            "proven on summit expeditions", "made for trail days and the great outdoors",
                            "takes a beating on rugged hiking trips"],
}

BRAND_SYLLABLES_A = ["Nor", "Vel", "Kes", "Tam", "Lum", "Sor", "Bry", "Qui", "Zan", "Ora",
                     "Fen", "Hal", "Mir", "Cal", "Dov", "Ery", "Jun", "Pax", "Rho", "Wyn"]
BRAND_SYLLABLES_B = ["dell", "ora", "vik", "ton", "ette", "mark", "lyn", "sen", "ova", "bright",
                     "field", "wood", "crest", "haven", "loom", "stone", "ridge", "ly", "ix", "and Co."]

ZH_CATEGORIES = {
    "户外": ["登山背包", "露营帐篷", "睡袋", "冲锋衣", "头灯", "保温水壶", "折叠椅"],
    "厨房": ["不粘锅", "菜刀", "咖啡机", "保鲜盒", "电热水壶", "砧板", "茶具套装"],
    "服饰": ["羊毛围巾", "运动T恤", "牛仔外套", "皮带", "帆布鞋", "针织衫", "真丝衬衫"],
    "数码": ["无线耳机", "蓝牙音箱", "智能手表", "充电宝", "机械键盘", "台灯", "电子书阅读器"],
    "美妆": ["精华液", "面霜", "润唇膏", "洗发皂", "香水", "防晒霜", "面膜"],
}
ZH_PRICE = {"户外": (60, 1500), "厨房": (30, 1200), "服饰": (50, 2000), "数码": (80, 4000),
            "美妆": (20, 900)}
ZH_STYLES = {
    "经典": (["经典", "复古", "传统工艺", "怀旧"], ["传承经典设计，历久弥新", "复古造型，黄铜点缀",
            "传统工艺打造，经久耐用"]),
    "运动": (["运动", "速干", "轻量", "专业训练"], ["透气速干，适合高强度训练", "轻量化设计，跑步健身必备",
            "专业运动性能，灵活舒适"]),
    "简约": (["简约", "极简", "纯色", "北欧"], ["极简线条，百搭不挑空间", "纯色哑光，去繁就简",
            "北欧简约风格，干净利落"]),
    "奢华": (["奢华", "限量版", "手工", "真丝"], ["手工精制，限量发售", "甄选顶级材质，镀金细节",
            "奢华礼盒包装，尊享品质"]),
    "环保": (["环保", "有机", "可回收", "竹制"], ["采用可回收材料，无塑包装", "有机原料，可降解",
            "绿色低碳，环保可持续"]),
}
ZH_BRANDS = ["山禾", "青岚", "木屿", "星河", "拾光", "云栖", "北辰", "素白", "锦瑟", "源野"]


def make_brands(rng):
    """Invented brand names, each leaning towards one style and one category (or none)."""
    names = set()
    brands = []
    while len(brands) < 70:
        n = rng.choice(BRAND_SYLLABLES_A) + rng.choice(BRAND_SYLLABLES_B)
        if n in names:
            continue
        names.add(n)
        style = STYLES[len(brands) % len(STYLES)] if rng.random() < 0.75 else None
        cat = list(CATEGORIES)[len(brands) % len(CATEGORIES)]
        seg_aff = {s: rng.gauss(0, 0.6) for s in SEGMENTS}
        brands.append({"name": n, "style": style, "category": cat, "seg": seg_aff})
    return brands


def pick_brand(rng, brands, category, style):
    pool = [b for b in brands if b["category"] == category]
    match = [b for b in pool if b["style"] == style]
    r = rng.random()
    if match and r < 0.55:
        return rng.choice(match)
    if r < 0.85:
        return rng.choice(pool)
    return rng.choice(brands)


def sentence(text):
    return text[:1].upper() + text[1:] + "."


def cap(words):
    return " ".join(w[:1].upper() + w[1:] for w in words.split(" "))


def round_price(p):
    if p < 20:
        return round(p) - 0.01 if round(p) > 1 else round(p, 2)
    if p < 100:
        return round(p) - 0.01
    return round(p / 5) * 5 - 0.01


def make_item(rng, idx, category, brands):
    prefix, (lo, hi), products, cat_phr = CATEGORIES[category]
    style = rng.choices(STYLES, weights=[22, 20, 22, 16, 20])[0]
    # ~15 % of items carry only weak or mixed style cues
    cue_strength = rng.choices(["strong", "normal", "weak"], weights=[35, 50, 15])[0]
    sw = STYLE_WORDS[style]
    other = STYLE_WORDS[rng.choice([s for s in STYLES if s != style])]
    product = rng.choice(products)
    brand = pick_brand(rng, brands, category, style)

    # which segments this item speaks to in its text (hidden cue)
    # (more often where the category suits the segment: few doll houses are sold for hiking)
    seg_cue = {s: rng.random() < 0.06 + 0.25 * max(0.0, SEGMENT_CUES[s][1].get(category, 0.0))
               for s in SEGMENTS}

    adj = rng.choice(sw["adj"]) if cue_strength != "weak" or rng.random() < 0.5 else rng.choice(other["adj"])
    mat = rng.choice(MATERIALS[category][style])
    title_forms = [
        f"{adj} {product}",
        f"{adj} {cap(mat)} {product}",
        f"{product} in {cap(mat)}",
        f"{adj} {product} - {mat}",
        f"{brand['name']} {adj} {product}",
    ]
    title = rng.choice(title_forms)
    if rng.random() < 0.06:
        title += rng.choice([", 2-Pack", ", Set of 3", " (Large)", ' 13"', ", Gift Edition"])

    sentences = []
    n_sent = rng.choices([0, 1, 2, 3, 4, 5], weights=[5, 14, 26, 26, 18, 11])[0]
    pool = []
    if cue_strength != "weak":
        pool.append(sentence(rng.choice(sw["phr"])))
    if cue_strength == "strong":
        pool.append(f"Made with {mat} and {rng.choice([m for m in MATERIALS[category][style] if m != mat])}.")
    else:
        if rng.random() < 0.5:
            pool.append(sentence(rng.choice(other["phr"])))
    for c in rng.sample(cat_phr, 2):
        pool.append(sentence(c))
    for s in SEGMENTS:
        if seg_cue[s]:
            pool.append(sentence(rng.choice(SEGMENT_PHRASES[s])))
    rng.shuffle(pool)
    # segment cues must survive the cut most of the time: move them forward
    seg_sents = [p for p in pool if any(p.lower().startswith(x[:12].lower()) for s in SEGMENTS
                                        for x in SEGMENT_PHRASES[s])]
    rest = [p for p in pool if p not in seg_sents]
    pool = seg_sents + rest
    sentences = pool[:n_sent] if n_sent else []
    description = " ".join(sentences)
    if description and rng.random() < 0.03:
        # a multi-paragraph description (newline inside a CSV field)
        description += "\n\nCare: " + rng.choice(["wipe with a damp cloth.", "hand wash only.",
                                                 "store in a dry place."])
    if description and rng.random() < 0.04:
        description += ' Customers call it "the best buy of the season".'

    factor = {"classic": 1.1, "sporty": 1.0, "minimalist": 0.95, "luxury": 2.6, "eco": 1.15}[style]
    base = math_exp_uniform(rng, lo, hi)
    price = min(base * factor * rng.uniform(0.85, 1.15), hi * 3)
    price = round_price(price)
    if price <= 0:
        price = 0.99
    price_text = "" if rng.random() < 0.04 else f"{price:.2f}"

    colour = rng.choice(["black", "white", "navy", "sand", "olive", "grey", "red", "natural", ""])
    launch = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    item_id = f"{prefix}-{idx:05d}"

    # hidden truth for "bought" per segment
    text = (title + " " + description).lower()
    bought = {}
    for s in SEGMENTS:
        cues, cat_aff = SEGMENT_CUES[s]
        u = -1.6 + cat_aff.get(category, 0.0) + brand["seg"][s]
        u += 1.6 * sum(1 for c in cues if c in text) ** 0.7
        p = price if price_text else (lo + hi) / 2
        if s == "students":
            u -= 0.9 * (p > 80) + 0.8 * (p > 250)
            u += 0.4 * (style == "minimalist") - 0.7 * (style == "luxury")
        elif s == "parents":
            u -= 0.5 * (p > 200)
            u += 0.4 * (style == "eco")
        else:
            u += 0.6 * (style == "sporty") - 0.4 * (style == "luxury")
        u += rng.gauss(0, 0.6)
        bought[s] = 1 if u > 0.3 else 0

    return {
        "id": item_id, "title": title, "description": description, "price": price_text,
        "brand": brand["name"], "category": category, "colour": colour, "launch_date": launch,
        "_style": style, "_strength": cue_strength, "_bought": bought,
    }


def math_exp_uniform(rng, lo, hi):
    """Log-uniform draw: cheap items are more common than expensive ones."""
    import math
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def write_csv(path, header, rows, bom=False, encoding="utf-8"):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    data = buf.getvalue()
    with open(path, "wb") as f:
        if bom:
            f.write(b"\xef\xbb\xbf")
        f.write(data.encode(encoding))


def pick_labels(rng, items, key, cls, n, prefer_clear=True):
    cands = [it for it in items if key(it) == cls]
    clear = [it for it in cands if it["_strength"] != "weak"] if prefer_clear else cands
    rng.shuffle(clear)
    rng.shuffle(cands)
    chosen = clear[: max(0, n - 1)]
    for it in cands:  # one borderline example, as real labels have
        if len(chosen) >= n:
            break
        if it not in chosen:
            chosen.append(it)
    return chosen[:n]


def make_english(rng, out):
    brands = make_brands(rng)
    items = []
    per_cat = 230
    for ci, cat in enumerate(CATEGORIES):
        for k in range(per_cat):
            items.append(make_item(rng, 1000 * (ci + 1) + k + 1, cat, brands))
    rng.shuffle(items)

    write_csv(os.path.join(out, "catalogue.csv"),
              ["id", "title", "description", "price", "brand", "category", "colour", "launch_date"],
              [[it[k] for k in ("id", "title", "description", "price", "brand", "category",
                                "colour", "launch_date")] for it in items])

    # style: 5-8 labels per class
    style_rows = []
    for s in STYLES:
        for it in pick_labels(rng, items, lambda i: i["_style"], s, rng.randint(5, 8)):
            style_rows.append([it["id"], s])
    rng.shuffle(style_rows)
    write_csv(os.path.join(out, "labels_style.csv"), ["item_id", "label"], style_rows)

    # bought: per segment 6-8 positives and 6-8 negatives
    bought_rows = []
    for seg in SEGMENTS:
        for cls in (1, 0):
            n = rng.randint(6, 8)
            for it in pick_labels(rng, items, lambda i: i["_bought"][seg], cls, n):
                bought_rows.append([it["id"], str(cls), seg])
    rng.shuffle(bought_rows)
    write_csv(os.path.join(out, "labels_bought.csv"), ["item_id", "label", "segment"], bought_rows)

    write_csv(os.path.join(out, "ground_truth.csv"),
              ["item_id", "style"] + ["bought_" + s for s in SEGMENTS],
              [[it["id"], it["_style"]] + [str(it["_bought"][s]) for s in SEGMENTS] for it in items])
    return items


def make_chinese(rng, out):
    zh_dir = os.path.join(out, "zh")
    os.makedirs(zh_dir, exist_ok=True)
    styles = list(ZH_STYLES)
    items = []
    n = 0
    for cat, products in ZH_CATEGORIES.items():
        for k in range(40):
            n += 1
            style = styles[(k + rng.randint(0, 4)) % len(styles)]
            words, phr = ZH_STYLES[style]
            product = rng.choice(products)
            title = f"{rng.choice(words)}{product}"
            if rng.random() < 0.3:
                title = f"{rng.choice(ZH_BRANDS)} {title}"
            nd = rng.choices([0, 1, 2], weights=[8, 45, 47])[0]
            parts = rng.sample(phr, nd)
            if nd and rng.random() < 0.4:
                parts.append(rng.choice(["支持七天无理由退换", "多色可选", "送礼佳品", "全国包邮"]))
            desc = "，".join(parts) + ("。" if parts else "")
            lo, hi = ZH_PRICE[cat]
            p = math_exp_uniform(rng, lo, hi) * (2.5 if style == "奢华" else 1.0)
            price = "" if rng.random() < 0.05 else f"{round(p)}.00"
            items.append({"id": f"ZH-{n:04d}", "title": title, "description": desc, "price": price,
                          "brand": rng.choice(ZH_BRANDS), "category": cat, "_style": style,
                          "_strength": "strong"})
    rng.shuffle(items)
    header = ["id", "标题", "描述", "价格", "品牌", "类目"]
    rows = [[it["id"], it["title"], it["description"], it["price"], it["brand"], it["category"]]
            for it in items]
    write_csv(os.path.join(zh_dir, "catalogue_zh.csv"), header, rows, bom=True)
    write_csv(os.path.join(zh_dir, "catalogue_zh_gb18030.csv"), header, rows, encoding="gb18030")
    label_rows = []
    for s in styles:
        for it in pick_labels(rng, items, lambda i: i["_style"], s, 6):
            label_rows.append([it["id"], s])
    rng.shuffle(label_rows)
    write_csv(os.path.join(zh_dir, "labels_zh.csv"), ["item_id", "label"], label_rows, bom=True)
    write_csv(os.path.join(zh_dir, "ground_truth_zh.csv"), ["item_id", "style"],
              [[it["id"], it["_style"]] for it in items], bom=True)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "sample_data")
    os.makedirs(out, exist_ok=True)
    rng = random.Random(SEED)
    items = make_english(rng, out)
    make_chinese(random.Random(SEED + 1), out)
    counts = {s: sum(it["_bought"][s] for it in items) for s in SEGMENTS}
    print(f"sample data: {len(items)} items, bought rates "
          + ", ".join(f"{s}={counts[s] / len(items):.2f}" for s in SEGMENTS), file=sys.stderr)


if __name__ == "__main__":
    main()
