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
* A Chinese catalogue (sample_data/zh/, 2,100 items in 7 categories, Chinese
  headers 标题/描述/价格/品牌/类目) is made the same way in its own words: hidden
  styles 经典/运动/简约/奢华/环保 that show in the text, invented brands, prices in
  yuan, and "bought" per segment (学生 / 家长 / 户外爱好者) from a hidden utility
  (text cues such as 宿舍 / 儿童 / 防水, category, brand affinity, price
  sensitivity: students buy cheap, noise). The segments disagree: what parents
  buy says nothing about what students buy. Written as UTF-8 with BOM, plus the
  catalogue in GB18030; labels_zh.csv (style), labels_bought_zh.csv (per
  segment) and ground_truth_zh.csv (evaluation only). It uses its own random
  stream, so the English files do not change when the Chinese recipe does.

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

# ------------------------------------------------------- the Chinese catalogue
# Same recipe as the English one, in its own words: 7 categories, a hidden style
# per item that shows in its words (some weak or mixed), invented brands leaning
# to a style, prices in yuan, and a hidden per-segment "bought" utility.
ZH_STYLE_LIST = ["经典", "运动", "简约", "奢华", "环保"]
ZH_SEGMENTS = ["学生", "家长", "户外爱好者"]
ZH_STYLE_WORDS = {
    "经典": {"adj": ["经典", "复古", "传统", "怀旧", "老式", "传承"],
             "phr": ["传承经典设计，历久弥新", "复古造型，黄铜点缀", "传统工艺打造，经久耐用",
                     "怀旧配色，还原上世纪五十年代的味道", "老手艺人匠心制作，款式永不过时"]},
    "运动": {"adj": ["运动", "速干", "轻量", "专业训练", "竞速", "活力"],
             "phr": ["透气速干，适合高强度训练", "轻量化设计，跑步健身必备", "专业运动性能，灵活舒适",
                     "吸湿排汗，健身房和周末跑步都能用", "为训练和比赛而生，动感十足"]},
    "简约": {"adj": ["简约", "极简", "纯色", "北欧风", "基础款", "素雅"],
             "phr": ["极简线条，百搭不挑空间", "纯色哑光，去繁就简", "北欧简约风格，干净利落",
                     "只保留必需的功能，克制而耐看", "低饱和中性色，安静的哑光质感"]},
    "奢华": {"adj": ["奢华", "限量版", "手工", "尊享", "高定", "臻品"],
             "phr": ["手工精制，限量发售", "甄选顶级材质，镀金细节", "奢华礼盒包装，尊享品质",
                     "匠人逐件打磨，细节考究", "专属定制刻字，彰显身份"]},
    "环保": {"adj": ["环保", "有机", "可回收", "可持续", "无塑", "绿色"],
             "phr": ["采用可回收材料，无塑包装", "有机原料，可自然降解", "绿色低碳，环保可持续",
                     "可补充可维修，减少浪费", "公平贸易原料，对地球更友好"]},
}
ZH_MATERIALS = {
    "户外": {"经典": ["帆布", "真皮饰边", "羊毛"], "运动": ["尼龙", "轻质铝合金", "透气网布"],
             "简约": ["哑光铝", "纯色尼龙", "灰色抓绒"], "奢华": ["头层牛皮", "美利奴羊毛", "钛合金"],
             "环保": ["再生涤纶", "有机棉", "汉麻"]},
    "厨房": {"经典": ["铸铁", "搪瓷", "胡桃木"], "运动": ["防摔Tritan", "不锈钢", "硅胶握把"],
             "简约": ["白瓷", "哑光钢", "桦木"], "奢华": ["紫铜", "意大利大理石", "大马士革钢"],
             "环保": ["竹子", "再生玻璃", "软木"]},
    "服饰": {"经典": ["粗花呢", "羊毛", "棕色皮革"], "运动": ["弹力尼龙", "速干面料", "透气网眼"],
             "简约": ["纯棉", "黑色帆布", "本色亚麻"], "奢华": ["羊绒", "真丝", "头层牛皮"],
             "环保": ["有机棉", "再生涤纶", "汉麻"]},
    "数码": {"经典": ["胡桃木饰面", "拉丝黄铜", "复古胶木"], "运动": ["橡胶外壳", "防汗硅胶", "轻质合金"],
             "简约": ["哑光铝", "白色聚碳酸酯", "深空灰"], "奢华": ["24K镀金", "蓝宝石玻璃", "意大利皮革"],
             "环保": ["再生塑料", "竹制外壳", "再生铝"]},
    "美妆": {"经典": ["玫瑰水", "薰衣草", "玻璃罐"], "运动": ["清凉薄荷", "防汗配方", "运动凝胶"],
             "简约": ["无香精配方", "素色玻璃瓶", "五种成分"], "奢华": ["金箔", "鱼子精华", "水晶瓶"],
             "环保": ["有机芦荟", "可替换铁盒", "无塑包装"]},
    "家居": {"经典": ["橡木", "黄铜", "丝绒"], "运动": ["速干超细纤维", "钢架", "防风雨面料"],
             "简约": ["白蜡木", "粉末喷涂钢", "灰色毛毡"], "奢华": ["意大利大理石", "真丝", "手工水晶"],
             "环保": ["回收木材", "黄麻", "有机亚麻"]},
    "玩具": {"经典": ["彩绘榉木", "铁皮", "羊毛毡"], "运动": ["泡棉", "耐用橡胶", "轻质塑料"],
             "简约": ["天然枫木", "原木", "素色棉布"], "奢华": ["手绘瓷", "丝绒", "实心樱桃木"],
             "环保": ["FSC认证木材", "再生塑料", "有机棉"]},
}
# category -> (price range in yuan, products, category phrases)
ZH_CATEGORIES = {
    "户外": ((60, 1800), ["登山背包", "露营帐篷", "睡袋", "登山杖", "冲锋衣", "头灯", "保温水壶",
                         "卡式炉", "吊床", "越野跑鞋", "野餐垫", "折叠椅", "保温箱", "指南针", "抓绒背心"],
             ["收纳后体积小，方便携带", "适合周末郊游和短途出行", "夜间反光设计，醒目可见",
              "抗紫外线，经久耐用", "营地里的可靠伙伴", "经过山路实测"]),
    "厨房": ((30, 1500), ["主厨刀", "铸铁平底锅", "磨豆机", "搅拌碗套装", "砧板", "茶壶", "调料架",
                         "炖锅", "沙拉脱水器", "咖啡杯", "饭盒", "保鲜罐", "量勺", "电热水壶", "烤盘"],
             ["可放洗碗机，清洁方便", "受热均匀，火候好掌握", "适合家常便饭和周末聚餐",
              "食品级材质，不含双酚A", "不占台面，小厨房也放得下", "深受下厨爱好者喜爱"]),
    "服饰": ((50, 2200), ["风衣", "跑步T恤", "羊毛围巾", "牛仔外套", "皮带", "运动鞋", "托特包",
                         "针织毛衣", "休闲裤", "棒球帽", "衬衫", "短靴", "连帽卫衣", "钱包", "太阳镜"],
             ["尺码标准，版型宽松", "搭配牛仔裤或西裤都好看", "可机洗，30度水温",
              "五种颜色可选", "一年四季的衣橱必备", "亲肤柔软，全天舒适"]),
    "数码": ((60, 6000), ["无线耳机", "蓝牙音箱", "智能手表", "充电宝", "扩展坞", "机械键盘", "摄像头",
                         "电子书阅读器", "护眼台灯", "降噪耳机", "快充充电器", "运动手环", "笔记本支架",
                         "运动相机", "路由器"],
             ["续航长达20小时", "支持Type-C快充", "与手机电脑秒连", "固件可在线升级",
              "整机两年质保", "低延迟，通话游戏都流畅"]),
    "美妆": ((20, 1200), ["精华液", "面霜", "润唇膏", "洗发皂", "身体乳", "吹风机", "化妆刷套装", "香水",
                         "晚霜", "防晒霜", "面膜", "指甲油", "胡须油", "护手霜", "卸妆膏"],
             ["敏感肌测试通过", "淡淡柑橘与香草香气", "吸收快，不油腻", "纯素配方，无动物实验",
              "适合各种肤质", "附赠旅行装"]),
    "家居": ((40, 3000), ["毛毯", "台灯", "香薰蜡烛", "挂钟", "抱枕套", "书架", "浴巾套装", "花盆",
                         "收纳筐", "床头柜", "被套", "地垫", "相框", "地毯", "花瓶"],
             ["为客厅增添温暖", "十分钟轻松组装", "小户型也放得下", "卧室里的温馨点缀",
              "放在玄关或书房都好看", "易擦洗，好打理"]),
    "玩具": ((20, 1000), ["积木", "木质火车", "毛绒熊", "拼图", "桌游", "遥控车", "绘画套装", "娃娃屋",
                         "科学实验套装", "风筝", "叠叠乐", "卡牌游戏", "弹珠轨道", "平衡车", "洗澡玩具"],
             ["适合3岁以上", "激发创造力和动手能力", "周末一起玩的欢乐时光", "锻炼精细动作",
              "生日礼物好选择", "益智又好玩"]),
}
# segment cue words and category affinity (hidden utility), and the sentences that carry them
ZH_SEGMENT_CUES = {
    "学生": (["宿舍", "学生", "平价", "小巧", "自习", "笔记本", "考试", "校园", "性价比", "合租"],
             {"数码": 0.9, "家居": 0.3, "厨房": 0.2, "服饰": 0.3, "户外": -0.3, "美妆": 0.1, "玩具": -1.2}),
    "家长": (["儿童", "孩子", "宝宝", "亲子", "无毒", "安全", "幼儿", "全家", "上学", "家长"],
             {"玩具": 1.4, "厨房": 0.5, "家居": 0.4, "户外": 0.0, "服饰": -0.3, "数码": -0.4, "美妆": -0.3}),
    "户外爱好者": (["徒步", "防水", "露营", "登山", "户外", "耐磨", "野营", "全天候", "越野", "探险"],
                  {"户外": 1.5, "服饰": 0.2, "数码": 0.1, "厨房": -0.4, "美妆": -0.8, "玩具": -0.7, "家居": -0.8}),
}
ZH_SEGMENT_PHRASES = {
    "学生": ["宿舍、合租房都适用", "学生党平价好物", "小巧不占地，校园书桌刚好放下", "陪你熬过考试周",
             "能塞进笔记本电脑包，自习随身带"],
    "家长": ["孩子喜欢，家长放心", "儿童安全设计，材质无毒", "上学路上更省心，全家都方便",
             "幼儿和大孩子都适用的亲子好物", "能放进宝宝包，出门带娃更轻松"],
    "户外爱好者": ["耐磨耐造，适合越野露营", "防水设计，全天候徒步无忧", "经过登山探险的考验",
                  "专为户外徒步而生", "野营远足，经得起折腾"],
}
ZH_BRAND_A = ["山", "青", "木", "星", "拾", "云", "北", "素", "锦", "源", "禾", "岚", "墨", "竹",
              "松", "知", "朗", "悦", "川", "栖"]
ZH_BRAND_B = ["屿", "河", "光", "辰", "白", "野", "舍", "集", "物", "研", "谷", "桥", "然", "品",
              "坊", "纪", "境", "作", "森", "里"]


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


def make_zh_brands(rng):
    """Invented two-character brands, each leaning towards one style and one category (or none)."""
    names, brands = set(), []
    cats = list(ZH_CATEGORIES)
    while len(brands) < 56:
        n = rng.choice(ZH_BRAND_A) + rng.choice(ZH_BRAND_B)
        if n in names or n[0] == n[1]:
            continue
        names.add(n)
        style = ZH_STYLE_LIST[len(brands) % len(ZH_STYLE_LIST)] if rng.random() < 0.7 else None
        brands.append({"name": n, "style": style, "category": cats[len(brands) % len(cats)],
                       "seg": {s: rng.gauss(0, 0.6) for s in ZH_SEGMENTS}})
    return brands


def zh_price(p):
    if p < 100:
        return float(max(1, round(p)))
    return float(round(p / 10) * 10 - 1)


def make_zh_item(rng, item_id, category, brands):
    (lo, hi), products, cat_phr = ZH_CATEGORIES[category]
    style = rng.choices(ZH_STYLE_LIST, weights=[22, 20, 22, 16, 20])[0]
    cue_strength = rng.choices(["strong", "normal", "weak"], weights=[45, 45, 10])[0]
    sw = ZH_STYLE_WORDS[style]
    other_style = rng.choice([s for s in ZH_STYLE_LIST if s != style])
    other = ZH_STYLE_WORDS[other_style]
    product = rng.choice(products)
    pool_b = [b for b in brands if b["category"] == category]
    match = [b for b in pool_b if b["style"] == style]
    r = rng.random()
    brand = rng.choice(match) if match and r < 0.5 else rng.choice(pool_b) if r < 0.85 else rng.choice(brands)

    seg_cue = {s: rng.random() < 0.09 + 0.22 * max(0.0, ZH_SEGMENT_CUES[s][1].get(category, 0.0))
               for s in ZH_SEGMENTS}

    if cue_strength == "weak":
        adj = rng.choice(other["adj"]) if rng.random() < 0.6 else ""
    else:
        adj = rng.choice(sw["adj"])
    mats = ZH_MATERIALS[category][style]
    mat = rng.choice(mats) if cue_strength != "weak" or rng.random() < 0.5 \
        else rng.choice(ZH_MATERIALS[category][other_style])
    title = rng.choice([f"{adj}{product}", f"{adj}{mat}{product}", f"{mat}{product}",
                        f"{adj}{product} {mat}款", f"{brand['name']} {adj}{product}"])
    if rng.random() < 0.06:
        title += rng.choice(["（两件装）", " 三件套", " 礼盒装", "（大号）", " 2024新款"])

    n_sent = rng.choices([0, 1, 2, 3, 4], weights=[5, 18, 32, 30, 15])[0]
    pool = []
    if cue_strength != "weak":
        pool.append(rng.choice(sw["phr"]))
    if cue_strength == "strong":
        pool.append(f"{mat}与{rng.choice([m for m in mats if m != mat])}制成")
    elif rng.random() < 0.25:
        pool.append(rng.choice(other["phr"]))
    pool += rng.sample(cat_phr, 2)
    rng.shuffle(pool)
    seg_sents = [rng.choice(ZH_SEGMENT_PHRASES[s]) for s in ZH_SEGMENTS if seg_cue[s]]
    rng.shuffle(seg_sents)
    sentences = (seg_sents + pool)[:n_sent]
    description = "。".join(sentences) + ("。" if sentences else "")
    if description and rng.random() < 0.03:
        description += "\n\n保养：" + rng.choice(["用湿布擦拭。", "仅限手洗。", "请存放于干燥处。"])
    if description and rng.random() < 0.04:
        description += ' 买家评价："本季最值得买的一件"。'
    if description and rng.random() < 0.02:
        description += " 规格: 长30cm, 宽20cm"

    factor = {"经典": 1.1, "运动": 1.0, "简约": 0.95, "奢华": 2.6, "环保": 1.15}[style]
    price = zh_price(min(math_exp_uniform(rng, lo, hi) * factor * rng.uniform(0.85, 1.15), hi * 3))
    price_text = "" if rng.random() < 0.04 else f"{price:.2f}"

    text = title + description
    bought, utility, n_cues = {}, {}, {}
    p = price if price_text else (lo + hi) / 2
    for s in ZH_SEGMENTS:
        cues, cat_aff = ZH_SEGMENT_CUES[s]
        n_cues[s] = sum(1 for c in cues if c in text)
        u = -1.6 + cat_aff.get(category, 0.0) + brand["seg"][s]
        u += 1.6 * n_cues[s] ** 0.7
        if s == "学生":      # price-sensitive: a dorm budget
            u += 0.4 * (p < 120) - 0.6 * (p > 400) - 0.7 * (p > 1500)
            u += 0.4 * (style == "简约") - 0.8 * (style == "奢华")
        elif s == "家长":
            u -= 0.5 * (p > 1500)
            u += 0.5 * (style == "环保") - 0.3 * (style == "运动")
        else:
            u += 0.6 * (style == "运动") - 0.4 * (style == "奢华") - 0.3 * (style == "简约")
        u += rng.gauss(0, 0.6)
        utility[s] = u
        bought[s] = 1 if u > 0.3 else 0

    return {"id": item_id, "title": title, "description": description, "price": price_text,
            "brand": brand["name"], "category": category, "_style": style,
            "_strength": cue_strength, "_bought": bought, "_u": utility, "_cues": n_cues}


def pick_bought(rng, items, seg, cls, n):
    """A merchandiser's bought labels: clear cases (utility well past the threshold, and for a
    positive a text that names the segment's needs), and one borderline case."""
    margin = [(it["_u"][seg] - 0.3) * (1 if cls else -1) for it in items]
    clear = [it for it, m in zip(items, margin)
             if m > 0.8 and it["_bought"][seg] == cls and (it["_cues"][seg] > 0) == bool(cls)]
    border = [it for it, m in zip(items, margin) if 0 < m <= 0.8 and it["_bought"][seg] == cls]
    rng.shuffle(clear)
    rng.shuffle(border)
    return clear[: n - 1] + border[:1]


def make_chinese(rng, out):
    zh_dir = os.path.join(out, "zh")
    os.makedirs(zh_dir, exist_ok=True)
    brands = make_zh_brands(rng)
    items = []
    for ci, cat in enumerate(ZH_CATEGORIES):
        for k in range(300):
            items.append(make_zh_item(rng, f"ZH-{ci + 1}{k + 1:04d}", cat, brands))
    rng.shuffle(items)
    header = ["id", "标题", "描述", "价格", "品牌", "类目"]
    rows = [[it["id"], it["title"], it["description"], it["price"], it["brand"], it["category"]]
            for it in items]
    write_csv(os.path.join(zh_dir, "catalogue_zh.csv"), header, rows, bom=True)
    write_csv(os.path.join(zh_dir, "catalogue_zh_gb18030.csv"), header, rows, encoding="gb18030")

    label_rows = []
    for s in ZH_STYLE_LIST:
        for it in pick_labels(rng, items, lambda i: i["_style"], s, rng.randint(6, 8)):
            label_rows.append([it["id"], s])
    rng.shuffle(label_rows)
    write_csv(os.path.join(zh_dir, "labels_zh.csv"), ["item_id", "label"], label_rows, bom=True)

    bought_rows = []
    for seg in ZH_SEGMENTS:
        for cls in (1, 0):
            for it in pick_bought(rng, items, seg, cls, rng.randint(6, 8)):
                bought_rows.append([it["id"], str(cls), seg])
    rng.shuffle(bought_rows)
    write_csv(os.path.join(zh_dir, "labels_bought_zh.csv"), ["item_id", "label", "segment"], bought_rows,
              bom=True)

    write_csv(os.path.join(zh_dir, "ground_truth_zh.csv"),
              ["item_id", "style"] + ["bought_" + s for s in ZH_SEGMENTS],
              [[it["id"], it["_style"]] + [str(it["_bought"][s]) for s in ZH_SEGMENTS] for it in items],
              bom=True)
    return items


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "sample_data")
    os.makedirs(out, exist_ok=True)
    rng = random.Random(SEED)
    items = make_english(rng, out)
    zh = make_chinese(random.Random(SEED + 1), out)
    counts = {s: sum(it["_bought"][s] for it in items) for s in SEGMENTS}
    print(f"sample data: {len(items)} items, bought rates "
          + ", ".join(f"{s}={counts[s] / len(items):.2f}" for s in SEGMENTS), file=sys.stderr)
    counts = {s: sum(it["_bought"][s] for it in zh) for s in ZH_SEGMENTS}
    print(f"sample data (zh): {len(zh)} items, bought rates "
          + ", ".join(f"{s}={counts[s] / len(zh):.2f}" for s in ZH_SEGMENTS), file=sys.stderr)


if __name__ == "__main__":
    main()
