package normalize

import (
	"regexp"
	"strings"
)

// provinces are the province-level regions, as unit names begin with them.
var provinces = []string{
	"北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省",
	"浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省",
	"四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区",
	"广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
}

var (
	// A prefecture-level city or prefecture: 秦皇岛市, 延边朝鲜族自治州.
	cityPrefix = regexp.MustCompile(`^\p{Han}{2,6}?(?:市|自治州|地区|盟)`)
	// A county-level district, county or banner: 普陀区, 海港区, 昌黎县.
	countyPrefix = regexp.MustCompile(`^\p{Han}{1,4}?(?:区|县|旗)`)
)

// notCounties end in 区 but name a place inside one, not a county-level
// region (上海市社区服务中心).
var notCounties = map[string]bool{"社区": true, "小区": true, "校区": true, "景区": true, "园区": true, "城区": true, "市区": true, "片区": true}

// regionOf reads the region a unit's name begins with: 上海市普陀区司法局 is
// in 上海市普陀区, 秦皇岛市海港区社会保险事业所 in 秦皇岛市海港区, 中共江苏省委
// 办公厅 in 江苏省. A name that starts with no province must start with a
// city and a county, so that a word ending in 市 (城市管理局) is no region.
// It returns "" when the name does not say.
func regionOf(name string) string {
	s := strings.TrimPrefix(name, "中共")
	region := ""
	for _, p := range provinces {
		if strings.HasPrefix(s, p) {
			region, s = p, s[len(p):]
			break
		}
	}
	city := ""
	if !strings.HasSuffix(region, "市") { // a municipality has districts only
		city = cityPrefix.FindString(s)
		s = s[len(city):]
	}
	county := countyPrefix.FindString(s)
	if notCounties[county] {
		county = ""
	}
	if region == "" && (city == "" || county == "") {
		return ""
	}
	return region + city + county
}
