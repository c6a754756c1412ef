#!/usr/bin/python3
"""Writes a synthetic order book (CSV) for `computegate check` benchmarks.

    gen-orders.py --lines N --seed S --out FILE

Deterministic: the same --lines, --seed (and this script) give the same bytes. Standard library
only; streams the book to FILE, never holding it in memory. Columns follow the order-book contract:
id,date,item,quantity,destination,end_user,end_user_country,end_user_hq,exporter,unit_value_usd,consignee

What the book contains (defaults; see the tables below for the weights):
- items: the catalog ids of ITEMS, weighted towards H20, H100, A100, L40, RTX 4090 and HGX servers;
  few HBM stacks and model weights. Every id must exist in catalog/ (checked at start); catalog
  ids missing from ITEMS are reported on stderr and never drawn, so the book stays comparable.
- 150 destinations (ISO 3166-1 alpha-2, weighted: CN, US, DE, IN, SA, AE, VN, MY, SG, JP, ...,
  with HK, MO and D:5 countries such as RU, IR, BY, VE). With >= 100,000 lines every end user and
  therefore every destination appears at least once: exactly 150 distinct destination codes.
- 100,000 distinct end users: 99,996 synthetic companies ("Sunrise Compute 04711 Ltd.") spread over
  the 150 countries in proportion to the country weights, Zipf-distributed within each country,
  plus four real Entity List names on ~0.1% of lines (destination CN, or HK on a fifth of them).
- end_user_country is the end user's country; destination equals it on ~95% of lines, otherwise it
  is drawn from the destination weights (6% of the drawn lines; the coverage lines never differ).
  end_user_hq is the end user's headquarters: usually its country, CN for Chinese-parented
  subsidiaries (4-30% of a country's users, see CN_PARENT_SHARE), US for ~5% of the other non-CN
  users, and empty on ~2% of lines (unknown). On ~1% of lines the country
  columns are written as English names ("Viet Nam", "United Arab Emirates") instead of codes.
- dates uniform over 2022-06-01 .. 2026-10-31; quantities log-uniform (skewed small) 1..2000 for
  chips and HBM, 1..64 for servers, 1..4 for CloudMatrix, 1 for model weights; unit values uniform
  in a per-item price band; consignee empty on ~80% of lines.
"""
import argparse
import bisect
import datetime
import math
import os
import random
import sys
import time

# item id -> (weight, exporter profile, max quantity, unit value low, unit value high) in USD
ITEMS = {
    "nvidia-h20":                     (12.0, "nvidia", 2000, 10_500, 13_500),
    "nvidia-h100-sxm":                (10.0, "nvidia", 2000, 25_000, 30_000),
    "nvidia-h100-pcie":               (6.0,  "nvidia", 2000, 22_000, 27_000),
    "nvidia-a100-sxm":                (8.0,  "nvidia", 2000, 10_000, 17_000),
    "nvidia-l40":                     (6.0,  "nvidia", 2000, 7_000, 9_500),
    "nvidia-l40s":                    (5.0,  "nvidia", 2000, 7_500, 10_500),
    "nvidia-rtx-4090":                (10.0, "nvidia", 2000, 1_500, 2_000),
    "nvidia-rtx-4090d":               (3.0,  "nvidia", 2000, 1_600, 2_300),
    "nvidia-hgx-h100-8gpu":           (5.0,  "server", 64, 230_000, 300_000),
    "nvidia-hgx-h20-8gpu":            (4.0,  "server", 64, 120_000, 170_000),
    "nvidia-dgx-a100":                (1.5,  "server", 64, 150_000, 200_000),
    "nvidia-h200":                    (4.0,  "nvidia", 2000, 30_000, 40_000),
    "nvidia-b200":                    (3.0,  "nvidia", 2000, 35_000, 45_000),
    "nvidia-h800-sxm":                (2.5,  "nvidia", 2000, 25_000, 35_000),
    "nvidia-a800-sxm":                (2.5,  "nvidia", 2000, 12_000, 18_000),
    "nvidia-l20":                     (2.0,  "nvidia", 2000, 5_000, 8_000),
    "nvidia-l2":                      (1.5,  "nvidia", 2000, 2_500, 4_000),
    "nvidia-rtx-5090":                (3.0,  "nvidia", 2000, 2_000, 3_000),
    "nvidia-rtx-5090d-v2":            (1.0,  "nvidia", 2000, 2_200, 3_500),
    "nvidia-rtx-6000-ada":            (2.0,  "nvidia", 2000, 6_500, 8_000),
    "nvidia-rtx-pro-6000":            (1.0,  "nvidia", 2000, 8_000, 10_000),
    "amd-mi300x":                     (2.0,  "amd", 2000, 10_000, 15_000),
    "amd-mi250x":                     (1.0,  "amd", 2000, 8_000, 12_000),
    "amd-mi308x":                     (1.0,  "amd", 2000, 8_000, 11_000),
    "amd-mi325x":                     (0.8,  "amd", 2000, 15_000, 20_000),
    "intel-gaudi2":                   (0.8,  "intel", 2000, 6_000, 10_000),
    "intel-gaudi3":                   (0.8,  "intel", 2000, 12_000, 16_000),
    "huawei-ascend-910":              (0.2,  "huawei", 2000, 8_000, 12_000),
    "huawei-ascend-910b":             (0.5,  "huawei", 2000, 12_000, 17_000),
    "huawei-ascend-910c":             (0.4,  "huawei", 2000, 18_000, 25_000),
    "huawei-ascend-950pr":            (0.2,  "huawei", 2000, 20_000, 30_000),
    "huawei-cloudmatrix-384":         (0.05, "huawei", 4, 8_000_000, 9_000_000),
    "hbm3-stack":                     (0.3,  "hbm", 2000, 150, 400),
    "deepseek-r1-weights":            (0.05, "weights", 1, 500, 5_000),
    "example-closed-model-3e26":      (0.02, "weights", 1, 5_000_000, 20_000_000),
    "example-derived-from-published": (0.03, "weights", 1, 50_000, 500_000),
}

# exporter profile -> [(exporter, weight)]
DISTRIBUTORS = [("Arrow Electronics", 3), ("Avnet", 3), ("Ingram Micro", 2), ("TD SYNNEX", 2), ("WPG Holdings", 2)]
OEMS = [("Supermicro", 4), ("Dell", 3), ("HPE", 2), ("Lenovo", 2)]
EXPORTERS = {
    "nvidia": [("NVIDIA", 45)] + [(n, w * 35 / 12) for n, w in DISTRIBUTORS] + [(n, w * 20 / 11) for n, w in OEMS],
    "server": [("NVIDIA", 15), ("Supermicro", 35), ("Dell", 25), ("HPE", 15), ("Lenovo", 10)],
    "amd": [("AMD", 60)] + [(n, w * 25 / 12) for n, w in DISTRIBUTORS] + [(n, w * 15 / 11) for n, w in OEMS],
    "intel": [("Intel", 60)] + [(n, w * 25 / 12) for n, w in DISTRIBUTORS] + [(n, w * 15 / 11) for n, w in OEMS],
    "huawei": [("Pearl River Compute Trading Co., Ltd.", 2), ("Kowloon Silicon Supply Limited", 1)],
    "hbm": [("SK hynix", 5), ("Samsung Electronics", 3), ("Micron Technology", 2)],
    "weights": [("Model Hosting Partners LLC", 3), ("Example Frontier Lab Inc.", 1)],
}

# destination (ISO 3166-1 alpha-2) -> weight; exactly 150 codes
DESTINATIONS = {
    "CN": 18, "US": 14, "DE": 5, "IN": 5, "SA": 4, "AE": 4, "VN": 4, "MY": 4, "SG": 4, "JP": 4,
    "TW": 3, "KR": 3, "HK": 3, "GB": 3, "FR": 2.5, "NL": 2, "CA": 2, "IL": 1.5, "TH": 1.5, "ID": 1.5,
    "AU": 1.5, "IE": 1.2, "SE": 1, "CH": 1, "IT": 1, "ES": 1, "PL": 0.8, "BR": 0.8, "MX": 0.8, "TR": 0.8,
    "QA": 0.7, "KW": 0.5, "PH": 0.5, "FI": 0.5, "NO": 0.5, "DK": 0.5, "BE": 0.5, "AT": 0.5, "MO": 0.4,
    # smaller markets
    "CZ": 0.3, "PT": 0.3, "GR": 0.2, "HU": 0.2, "RO": 0.2, "BG": 0.1, "HR": 0.1, "SI": 0.1, "SK": 0.1,
    "EE": 0.1, "LV": 0.05, "LT": 0.1, "LU": 0.1, "IS": 0.1, "NZ": 0.2, "CL": 0.2, "AR": 0.2, "CO": 0.2,
    "PE": 0.1, "ZA": 0.3, "NG": 0.1, "KE": 0.1, "MA": 0.1, "EG": 0.2, "JO": 0.1, "OM": 0.1, "BH": 0.1,
    "PK": 0.2, "BD": 0.1, "LK": 0.05, "NP": 0.03, "KZ": 0.3, "UZ": 0.1, "AZ": 0.05, "GE": 0.05, "AM": 0.1,
    "UA": 0.1, "RS": 0.05, "MN": 0.03, "KG": 0.05,
    # D:5 and other restricted destinations
    "RU": 0.2, "IR": 0.05, "BY": 0.05, "VE": 0.05, "MM": 0.05, "KH": 0.1, "CU": 0.02, "SY": 0.02,
    "IQ": 0.05, "LB": 0.02, "AF": 0.01, "LY": 0.01, "KP": 0.005, "NI": 0.02, "ZW": 0.01,
    # the long tail
    "LA": 0.03, "BN": 0.02, "TN": 0.03, "DZ": 0.03, "GH": 0.03, "ET": 0.02, "TZ": 0.02, "UG": 0.02,
    "RW": 0.02, "SN": 0.02, "CI": 0.02, "CM": 0.01, "AO": 0.01, "MZ": 0.01, "ZM": 0.01, "BW": 0.01,
    "NA": 0.01, "MU": 0.02, "EC": 0.03, "UY": 0.03, "PY": 0.01, "BO": 0.01, "CR": 0.03, "PA": 0.03,
    "DO": 0.02, "GT": 0.02, "HN": 0.01, "SV": 0.01, "JM": 0.01, "TT": 0.01, "CY": 0.05, "MT": 0.03,
    "MK": 0.01, "AL": 0.01, "BA": 0.01, "ME": 0.01, "MD": 0.01, "TJ": 0.01, "TM": 0.01, "FJ": 0.005,
    "PG": 0.005, "MV": 0.005, "BT": 0.005, "BB": 0.005, "BS": 0.005, "LI": 0.01, "MC": 0.01, "AD": 0.005,
    "SM": 0.005, "SC": 0.005, "GA": 0.005, "CG": 0.005, "BJ": 0.005, "TG": 0.005, "ML": 0.005, "BF": 0.005,
}

# English names written instead of the code on ~1% of lines (the engine accepts country names)
COUNTRY_NAMES = {
    "CN": "China", "US": "United States", "DE": "Germany", "IN": "India", "SA": "Saudi Arabia",
    "AE": "United Arab Emirates", "VN": "Viet Nam", "MY": "Malaysia", "SG": "Singapore", "JP": "Japan",
    "HK": "Hong Kong", "GB": "United Kingdom", "FR": "France", "NL": "Netherlands", "CA": "Canada",
    "TH": "Thailand", "ID": "Indonesia", "AU": "Australia", "BR": "Brazil", "MX": "Mexico",
}

# share of a country's end users that are Chinese-parented subsidiaries (HQ CN); default for the rest
CN_PARENT_SHARE = {"HK": 0.30, "MO": 0.30, "SG": 0.15, "MY": 0.15, "VN": 0.15, "TH": 0.12, "ID": 0.12,
                   "AE": 0.12, "SA": 0.10, "KH": 0.20, "LA": 0.20, "KZ": 0.10}
CN_PARENT_DEFAULT = 0.04
US_PARENT_SHARE = 0.05          # of non-US, non-China end users

ENTITY_LIST_NAMES = [
    "Huawei Technologies Co., Ltd.",
    "Beijing Biren Technology Development Co., Ltd.",
    "Moore Threads Technology Co., Ltd.",
    "Sophgo Technologies Ltd.",
]
ENTITY_LIST_SHARE = 0.001       # of lines
ENTITY_LIST_HK_SHARE = 0.2      # of those lines: destination HK instead of CN

DESTINATION_MISMATCH = 0.06     # lines whose destination is not the end user's country
HQ_UNKNOWN = 0.02               # lines with an empty end_user_hq
NAMED_COUNTRY_LINES = 0.01      # lines whose country columns are written as names
CONSIGNEE_PRESENT = 0.20
ZIPF_S = 0.9                    # popularity of end users within a country

FIRST_DATE = datetime.date(2022, 6, 1)
LAST_DATE = datetime.date(2026, 10, 31)

NAME_WORDS_1 = ["Sunrise", "Blue River", "Golden Bridge", "Northstar", "Pacific", "Silver Peak", "Red Cedar",
                "Jade", "Harbor", "Summit", "Evergreen", "Lotus", "Aurora", "Granite", "Crescent", "Orchid",
                "Falcon", "Meridian", "Cobalt", "Horizon", "Lakeside", "Pinnacle", "Sapphire", "Tianhe",
                "Zenith", "Monsoon", "Atlas", "Kestrel", "Lumen", "Polaris"]
NAME_WORDS_2 = ["Compute", "Cloud", "Data Systems", "AI Labs", "Intelligence", "Networks", "Digital",
                "Analytics", "Semiconductor Trading", "Robotics", "Supercomputing", "Informatics",
                "Vision", "Technology", "Research"]
SUFFIX = {"CN": "Co., Ltd.", "TW": "Co., Ltd.", "KR": "Co., Ltd.", "HK": "Limited", "MO": "Limited",
          "US": "Inc.", "CA": "Inc.", "DE": "GmbH", "AT": "GmbH", "CH": "AG", "JP": "K.K.", "SG": "Pte. Ltd.",
          "MY": "Sdn. Bhd.", "IN": "Pvt. Ltd.", "FR": "SAS", "NL": "B.V.", "BE": "NV", "VN": "JSC",
          "AE": "FZ-LLC", "SA": "LLC", "RU": "LLC", "IT": "S.p.A.", "ES": "S.L.", "BR": "Ltda.",
          "MX": "S.A. de C.V.", "SE": "AB", "ID": "PT", "TH": "Co., Ltd.", "PL": "Sp. z o.o."}
SUFFIX_DEFAULT = "Ltd."

CONSIGNEE_WORDS = ["Harbor Logistics", "Bonded Freight", "Air Cargo Services", "Forwarding", "Supply Chain",
                   "Customs Brokerage", "Transit Warehousing", "Integration Services"]
CONSIGNEES = 400
BATCH = 8192


def csv_field(text):
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def cumulative(weights):
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def apportion(total, weights):
    """Integer shares of `total` proportional to `weights`, each at least 1 (largest remainder)."""
    n = len(weights)
    rest = total - n
    s = sum(weights)
    raw = [rest * w / s for w in weights]
    shares = [1 + int(r) for r in raw]
    left = total - sum(shares)
    order = sorted(range(n), key=lambda i: (-(raw[i] - int(raw[i])), i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def catalog_ids(catalog_dir):
    return {f[:-5] for f in os.listdir(catalog_dir) if f.endswith(".yaml")}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, required=True, help="data lines (the header is extra)")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True, help="output CSV file ('-' for stdout)")
    ap.add_argument("--end-users", type=int, default=100_000, help="distinct end users (default 100000)")
    ap.add_argument("--catalog", default=os.path.join(here, "..", "catalog"), help="catalog directory (checked)")
    args = ap.parse_args()
    if args.lines < 0:
        ap.error("--lines must be >= 0")
    if args.end_users < len(DESTINATIONS) + len(ENTITY_LIST_NAMES):
        ap.error(f"--end-users must be >= {len(DESTINATIONS) + len(ENTITY_LIST_NAMES)}")
    if args.end_users - len(ENTITY_LIST_NAMES) > 100_000:
        ap.error("--end-users: at most 100,004 (five-digit company numbers)")

    assert len(DESTINATIONS) == 150, len(DESTINATIONS)
    assert set(COUNTRY_NAMES) <= set(DESTINATIONS)
    missing = sorted(set(ITEMS) - catalog_ids(args.catalog))
    if missing:
        sys.exit(f"gen-orders: item ids not in {args.catalog}: {', '.join(missing)}")
    not_drawn = sorted(catalog_ids(args.catalog) - set(ITEMS))
    if not_drawn:
        print(f"gen-orders: note: catalog ids not in the item table (never drawn): {', '.join(not_drawn)}",
              file=sys.stderr)

    started = time.perf_counter()
    rng = random.Random(args.seed)

    # --- countries
    codes = list(DESTINATIONS)
    code_weights = [DESTINATIONS[c] for c in codes]
    code_cum = cumulative(code_weights)
    named_share = sum(DESTINATIONS[c] for c in COUNTRY_NAMES) / sum(code_weights)
    name_prob = min(1.0, NAMED_COUNTRY_LINES / named_share)   # per line; only named countries change

    # --- end users: synthetic ones apportioned to countries, then the Entity List names
    n_synth = args.end_users - len(ENTITY_LIST_NAMES)
    per_country = apportion(n_synth, code_weights)
    user_name, user_country, user_hq, user_weight = [], [], [], []
    total_w = sum(code_weights)
    number = 0
    for code, count in zip(codes, per_country):
        zipf = [1.0 / (r + 1) ** ZIPF_S for r in range(count)]
        zsum = sum(zipf)
        share = DESTINATIONS[code] / total_w * (1 - ENTITY_LIST_SHARE)
        cn_parent = 0.0 if code == "CN" else CN_PARENT_SHARE.get(code, CN_PARENT_DEFAULT)
        us_parent = 0.0 if code in ("US", "CN") else US_PARENT_SHARE
        for r in range(count):
            w1 = NAME_WORDS_1[rng.randrange(len(NAME_WORDS_1))]
            w2 = NAME_WORDS_2[rng.randrange(len(NAME_WORDS_2))]
            user_name.append(csv_field(f"{w1} {w2} {number:05d} {SUFFIX.get(code, SUFFIX_DEFAULT)}"))
            number += 1
            user_country.append(code)
            u = rng.random()
            user_hq.append("CN" if u < cn_parent else "US" if u < cn_parent + us_parent else code)
            user_weight.append(share * zipf[r] / zsum)
    # coverage: with lines >= users, one line in every lines/users (line i with
    # i*users mod lines < users) names user perm(i*users // lines), so every user (and with them all
    # 150 countries) appears; perm is an affine bijection of 0..n_users-1. The Entity List
    # weight is raised so that ~ENTITY_LIST_SHARE of all lines (not only of the drawn ones) name them.
    n_users = args.end_users
    cover = args.lines >= n_users
    drawn_share = 1 - n_users / args.lines if args.lines > n_users else 1.0
    lines = args.lines
    for name in ENTITY_LIST_NAMES:
        user_name.append(csv_field(name))
        user_country.append("CN")
        user_hq.append("CN")
        user_weight.append(ENTITY_LIST_SHARE / drawn_share / len(ENTITY_LIST_NAMES))
    first_el = n_users - len(ENTITY_LIST_NAMES)
    user_cum = cumulative(user_weight)
    user_ids = range(n_users)
    mult = 7919
    while math.gcd(mult, n_users) != 1:
        mult += 2
    offset = rng.randrange(n_users)

    # --- items, exporters, consignees, dates
    item_ids = list(ITEMS)
    item_cum = cumulative(ITEMS[i][0] for i in item_ids)
    item_exp = []
    for i in item_ids:
        names = [n for n, _ in EXPORTERS[ITEMS[i][1]]]
        item_exp.append(([csv_field(n) for n in names], cumulative(w for _, w in EXPORTERS[ITEMS[i][1]])))
    item_qmax_log = [math.log(ITEMS[i][2] + 1) for i in item_ids]
    item_qmax = [ITEMS[i][2] for i in item_ids]
    item_lo = [ITEMS[i][3] for i in item_ids]
    item_span = [ITEMS[i][4] - ITEMS[i][3] for i in item_ids]
    consignees = [csv_field(f"{CONSIGNEE_WORDS[k % len(CONSIGNEE_WORDS)]} {k:04d} "
                            f"{SUFFIX.get(codes[k % 40], SUFFIX_DEFAULT)}") for k in range(CONSIGNEES)]
    n_days = (LAST_DATE - FIRST_DATE).days + 1
    dates = [(FIRST_DATE + datetime.timedelta(days=d)).isoformat() for d in range(n_days)]
    width = max(7, len(str(args.lines)))
    names_csv = {c: csv_field(n) for c, n in COUNTRY_NAMES.items()}

    out = sys.stdout.buffer if args.out == "-" else open(args.out, "wb")
    header = ("id,date,item,quantity,destination,end_user,end_user_country,end_user_hq,exporter,"
              "unit_value_usd,consignee\n").encode("utf-8")
    out.write(header)
    size = len(header)
    written = 0
    destinations_seen = set()
    users_seen = bytearray(n_users)
    rand = rng.random
    choices = rng.choices
    bis = bisect.bisect
    exp = math.exp
    for start in range(0, args.lines, BATCH):
        k = min(BATCH, args.lines - start)
        users = choices(user_ids, cum_weights=user_cum, k=k)
        items = choices(range(len(item_ids)), cum_weights=item_cum, k=k)
        other_dest = choices(codes, cum_weights=code_cum, k=k)
        rows = []
        for t in range(k):
            i = start + t
            if cover and (i * n_users) % lines < n_users:
                u = (mult * (i * n_users // lines) + offset) % n_users
                covered = True
            else:
                u = users[t]
                covered = False
            country = user_country[u]
            if u >= first_el:
                dest = "HK" if rand() < ENTITY_LIST_HK_SHARE else "CN"
            elif covered or rand() >= DESTINATION_MISMATCH:
                dest = country
            else:
                dest = other_dest[t]
            hq = "" if rand() < HQ_UNKNOWN else user_hq[u]
            destinations_seen.add(dest)
            users_seen[u] = 1
            country_out = country
            if rand() < name_prob:
                dest = names_csv.get(dest, dest)
                country_out = names_csv.get(country, country)
                hq = names_csv.get(hq, hq)
            it = items[t]
            qmax = item_qmax[it]
            q = 1 if qmax == 1 else min(qmax, int(exp(rand() * item_qmax_log[it])))
            ex_names, ex_cum = item_exp[it]
            exporter = ex_names[bis(ex_cum, rand() * ex_cum[-1])]
            value = item_lo[it] + rand() * item_span[it]
            consignee = consignees[int(rand() * CONSIGNEES)] if rand() < CONSIGNEE_PRESENT else ""
            rows.append(f"ORD-{i + 1:0{width}d},{dates[int(rand() * n_days)]},{item_ids[it]},{q},{dest},"
                        f"{user_name[u]},{country_out},{hq},{exporter},{value:.2f},{consignee}\n")
        chunk = "".join(rows).encode("utf-8")
        out.write(chunk)
        size += len(chunk)
        written += k
    if out is sys.stdout.buffer:
        out.flush()
    else:
        out.close()
    seconds = time.perf_counter() - started
    print(f"gen-orders: {written:,} lines, {len(destinations_seen)} distinct destinations, "
          f"{sum(users_seen):,} distinct end users, {size:,} bytes, {seconds:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
