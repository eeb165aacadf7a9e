"""Pools of Vietnamese name parts for demo data, weighted roughly like the population.

Surname shares follow published estimates (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 % …). Given
names that can be written with either tone placement ("Hòa"/"Hoà", "Thủy"/"Thuỷ") are written
here in the new style; ``OLD_STYLE`` gives the old-style spelling used for a share of people,
because real records hold both.
"""

import unicodedata


def _nfc_pool(pairs):
    return [(unicodedata.normalize("NFC", text), weight) for text, weight in pairs]


SURNAMES = _nfc_pool([
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 71), ("Hoàng", 35), ("Huỳnh", 16),
    ("Phan", 45), ("Vũ", 21), ("Võ", 18), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 8), ("Trương", 8), ("Đoàn", 6), ("Lâm", 4),
    ("Mai", 4), ("Trịnh", 4), ("Cao", 3), ("Lương", 3), ("Hà", 3), ("Tạ", 2), ("Chu", 2),
    ("Tô", 2), ("Lưu", 2), ("Kiều", 1), ("Quách", 1), ("Thái", 1), ("Vương", 1), ("La", 1),
    ("Châu", 1), ("Đàm", 1), ("Lại", 1), ("Triệu", 1), ("Phùng", 1), ("Nông", 1), ("Lò", 1),
    ("Khổng", 1), ("Tăng", 1), ("Văn", 1), ("Doãn", 1), ("Từ", 1), ("Âu", 1), ("Ông", 1),
])

MIDDLE_MALE = _nfc_pool([
    ("Văn", 300), ("Đức", 50), ("Minh", 60), ("Quang", 40), ("Hữu", 40), ("Công", 35),
    ("Thành", 30), ("Xuân", 30), ("Ngọc", 25), ("Hoàng", 25), ("Anh", 20), ("Duy", 20),
    ("Quốc", 30), ("Trọng", 20), ("Tiến", 15), ("Mạnh", 15), ("Bá", 15), ("Đình", 30),
    ("Thanh", 30), ("Tuấn", 10), ("Việt", 10), ("Hải", 10), ("Trung", 10), ("Khắc", 8),
    ("Phú", 8), ("Kim", 5), ("Chí", 10), ("Thế", 15), ("Huy", 8), ("Nhật", 8),
])

MIDDLE_FEMALE = _nfc_pool([
    ("Thị", 420), ("Ngọc", 50), ("Thu", 40), ("Thanh", 40), ("Minh", 25), ("Phương", 20),
    ("Kim", 25), ("Hồng", 30), ("Mai", 15), ("Thùy", 20), ("Bích", 15), ("Khánh", 10),
    ("Diệu", 8), ("Hoài", 8), ("Lan", 5), ("Thúy", 12), ("Hải", 8), ("Quỳnh", 8), ("Bảo", 8),
    ("Tuyết", 5), ("Hoàng", 8), ("Như", 8), ("Cẩm", 5), ("Vân", 5),
])

GIVEN_MALE = _nfc_pool([
    ("An", 20), ("Anh", 40), ("Bình", 25), ("Cường", 25), ("Dũng", 35), ("Đạt", 20),
    ("Đức", 25), ("Giang", 10), ("Hải", 30), ("Hiếu", 20), ("Hoàng", 20), ("Hùng", 40),
    ("Huy", 30), ("Hưng", 25), ("Khoa", 12), ("Khánh", 15), ("Kiên", 12), ("Long", 30),
    ("Lâm", 10), ("Minh", 40), ("Nam", 35), ("Nghĩa", 15), ("Phong", 15), ("Phúc", 15),
    ("Quân", 20), ("Quang", 25), ("Sơn", 35), ("Tài", 15), ("Thắng", 30), ("Thành", 35),
    ("Tâm", 15), ("Thịnh", 12), ("Toàn", 15), ("Trung", 30), ("Tuấn", 45), ("Tùng", 20),
    ("Việt", 15), ("Vinh", 20), ("Vũ", 10), ("Hòa", 20), ("Khỏe", 3), ("Thụy", 4),
    ("Hoàn", 5), ("Tuệ", 4), ("Thủy", 4), ("Lộc", 12), ("Phương", 8), ("Quý", 8),
    ("Hậu", 10), ("Chiến", 15), ("Công", 10), ("Định", 8), ("Hiệp", 10), ("Lực", 8),
    ("Tiến", 20), ("Trường", 15), ("Tú", 10), ("Vĩnh", 5), ("Xuân", 8), ("Huấn", 5),
    ("Thuận", 10), ("Hóa", 4), ("Khải", 6), ("Duy", 10), ("Bảo", 10), ("Trí", 10),
])

GIVEN_FEMALE = _nfc_pool([
    ("Anh", 30), ("Chi", 15), ("Dung", 25), ("Giang", 15), ("Hà", 30), ("Hạnh", 25),
    ("Hằng", 30), ("Hiền", 25), ("Hoa", 30), ("Hòa", 15), ("Hương", 45), ("Huyền", 30),
    ("Lan", 35), ("Linh", 40), ("Loan", 20), ("Mai", 30), ("My", 10), ("Nga", 30),
    ("Ngọc", 20), ("Nhung", 20), ("Oanh", 15), ("Phương", 35), ("Quỳnh", 20), ("Tâm", 10),
    ("Thảo", 35), ("Thủy", 35), ("Trang", 45), ("Trâm", 10), ("Tuyết", 15), ("Uyên", 10),
    ("Vân", 25), ("Yến", 25), ("Thúy", 20), ("Khuê", 4), ("Thùy", 10), ("Khỏe", 2),
    ("Liên", 20), ("Lý", 8), ("Nhàn", 10), ("Thơm", 8), ("Xuân", 10), ("Duyên", 15),
    ("Ánh", 12), ("Diệp", 6), ("Hồng", 20), ("Huệ", 15), ("Lệ", 8), ("Nguyệt", 10),
    ("Thoa", 10), ("Thanh", 20), ("Thu", 20), ("Vy", 8), ("Xoan", 3), ("Tuyền", 6),
])

# Old-style tone placement (on the first vowel of "oa", "oe", "uy"), as many records still
# spell them. Both spellings must be found by the same search.
OLD_STYLE = {
    unicodedata.normalize("NFC", new): unicodedata.normalize("NFC", old)
    for new, old in [
        ("Hòa", "Hoà"), ("Thủy", "Thuỷ"), ("Khỏe", "Khoẻ"), ("Thụy", "Thuỵ"), ("Thúy", "Thuý"),
        ("Thùy", "Thuỳ"), ("Hóa", "Hoá"), ("Tụy", "Tuỵ"),
    ]
    if new != old
}

POSTS = _nfc_pool([
    ("", 300), ("Đảng viên", 200), ("Bí thư chi bộ", 25), ("Phó Bí thư chi bộ", 20),
    ("Chi ủy viên", 30), ("Chuyên viên", 60), ("Chuyên viên chính", 20), ("Trưởng phòng", 15),
    ("Phó Trưởng phòng", 20), ("Giáo viên", 40), ("Bác sĩ", 15), ("Công chức", 40),
    ("Viên chức", 40), ("Trưởng thôn", 10), ("Tổ trưởng dân phố", 10), ("Cán bộ", 40),
    ("Chủ tịch Ủy ban nhân dân", 3), ("Phó Chủ tịch Ủy ban nhân dân", 5), ("Kế toán", 15),
    ("Đảng ủy viên", 10), ("Giám đốc", 5), ("Phó Giám đốc", 8), ("Kỹ sư", 20), ("Công nhân", 30),
])

# Syllables for made-up commune and ward names ("Tân Lập", "Hòa Bình", "Phú Thịnh"…).
PLACE_FIRST = [
    "Tân", "Hòa", "An", "Phú", "Thạnh", "Long", "Bình", "Vĩnh", "Phước", "Đông", "Tây",
    "Nam", "Bắc", "Quang", "Thanh", "Hưng", "Yên", "Minh", "Xuân", "Hồng", "Trung", "Đại",
    "Mỹ", "Thuận", "Hiệp", "Định", "Tiên", "Kim", "Ngọc", "Cẩm", "Lạc", "Thái", "Hải",
    "Sơn", "Đức", "Quảng", "Tam", "Cát", "Lộc", "Nghĩa", "Thượng", "Hạ", "Gia", "Hoàng",
]
PLACE_SECOND = [
    "Lập", "Bình", "Phú", "Hòa", "An", "Thịnh", "Hưng", "Lợi", "Thành", "Sơn", "Hà", "Giang",
    "Long", "Phong", "Tiến", "Lộc", "Phước", "Thuận", "Xuân", "Hải", "Trung", "Đông", "Tây",
    "Mỹ", "Hiệp", "Khánh", "Vinh", "Quang", "Minh", "Tân", "Điền", "Thạnh", "Hội", "Lạc",
    "Yên", "Cường", "Thọ", "Phúc", "Tường", "Nghĩa", "Đức", "Thái", "Kiệt", "Hậu", "Châu",
]
# A few real ward names of central Hà Nội, so the capital looks familiar on the demo tree.
HANOI_WARDS = [
    "Ba Đình", "Ngọc Hà", "Giảng Võ", "Hoàn Kiếm", "Cửa Nam", "Đống Đa", "Văn Miếu - Quốc Tử Giám",
    "Láng", "Ô Chợ Dừa", "Hai Bà Trưng", "Bạch Mai", "Vĩnh Tuy", "Tây Hồ", "Phú Thượng",
    "Cầu Giấy", "Nghĩa Đô", "Yên Hòa", "Thanh Xuân", "Khương Đình", "Hoàng Mai", "Long Biên",
]
HAIPHONG_WARDS = ["Hồng Bàng", "Lê Chân", "Ngô Quyền", "Gia Viên", "An Biên", "Hải An", "Kiến An"]
