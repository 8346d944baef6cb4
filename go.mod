module github.com/cnbudget/cnbudget

go 1.26.8

require (
	github.com/ledongthuc/pdf v0.0.0-20260907135840-6c8c28e0e8a0 // indirect
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
	github.com/nguyenthenguyen/docx v0.0.0-20230621112118-9c8e795a11db // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
