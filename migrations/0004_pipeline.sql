-- The tracking pipeline (BRIEF §5, §7-§9, §12): due times and the business-day calendar the scheduler's
-- set-based statements read, printers and their claims, Intelligent Mail barcode serials, tracking numbers.

-- Observed US federal holidays 2000-2100, generated from src/scheduling/calendar.ts (usFederalHolidays);
-- test/scheduling/business-calendar.test.ts checks this list and every function below against it.
create table us_federal_holidays (day date primary key);
insert into us_federal_holidays (day)
select unnest('{
2000-01-17,2000-02-21,2000-05-29,2000-07-04,2000-09-04,2000-10-09,2000-11-10,2000-11-23,2000-12-25,
2001-01-01,2001-01-15,2001-02-19,2001-05-28,2001-07-04,2001-09-03,2001-10-08,2001-11-12,2001-11-22,2001-12-25,
2002-01-01,2002-01-21,2002-02-18,2002-05-27,2002-07-04,2002-09-02,2002-10-14,2002-11-11,2002-11-28,2002-12-25,
2003-01-01,2003-01-20,2003-02-17,2003-05-26,2003-07-04,2003-09-01,2003-10-13,2003-11-11,2003-11-27,2003-12-25,
2004-01-01,2004-01-19,2004-02-16,2004-05-31,2004-07-05,2004-09-06,2004-10-11,2004-11-11,2004-11-25,2004-12-24,2004-12-31,
2005-01-17,2005-02-21,2005-05-30,2005-07-04,2005-09-05,2005-10-10,2005-11-11,2005-11-24,2005-12-26,
2006-01-02,2006-01-16,2006-02-20,2006-05-29,2006-07-04,2006-09-04,2006-10-09,2006-11-10,2006-11-23,2006-12-25,
2007-01-01,2007-01-15,2007-02-19,2007-05-28,2007-07-04,2007-09-03,2007-10-08,2007-11-12,2007-11-22,2007-12-25,
2008-01-01,2008-01-21,2008-02-18,2008-05-26,2008-07-04,2008-09-01,2008-10-13,2008-11-11,2008-11-27,2008-12-25,
2009-01-01,2009-01-19,2009-02-16,2009-05-25,2009-07-03,2009-09-07,2009-10-12,2009-11-11,2009-11-26,2009-12-25,
2010-01-01,2010-01-18,2010-02-15,2010-05-31,2010-07-05,2010-09-06,2010-10-11,2010-11-11,2010-11-25,2010-12-24,2010-12-31,
2011-01-17,2011-02-21,2011-05-30,2011-07-04,2011-09-05,2011-10-10,2011-11-11,2011-11-24,2011-12-26,
2012-01-02,2012-01-16,2012-02-20,2012-05-28,2012-07-04,2012-09-03,2012-10-08,2012-11-12,2012-11-22,2012-12-25,
2013-01-01,2013-01-21,2013-02-18,2013-05-27,2013-07-04,2013-09-02,2013-10-14,2013-11-11,2013-11-28,2013-12-25,
2014-01-01,2014-01-20,2014-02-17,2014-05-26,2014-07-04,2014-09-01,2014-10-13,2014-11-11,2014-11-27,2014-12-25,
2015-01-01,2015-01-19,2015-02-16,2015-05-25,2015-07-03,2015-09-07,2015-10-12,2015-11-11,2015-11-26,2015-12-25,
2016-01-01,2016-01-18,2016-02-15,2016-05-30,2016-07-04,2016-09-05,2016-10-10,2016-11-11,2016-11-24,2016-12-26,
2017-01-02,2017-01-16,2017-02-20,2017-05-29,2017-07-04,2017-09-04,2017-10-09,2017-11-10,2017-11-23,2017-12-25,
2018-01-01,2018-01-15,2018-02-19,2018-05-28,2018-07-04,2018-09-03,2018-10-08,2018-11-12,2018-11-22,2018-12-25,
2019-01-01,2019-01-21,2019-02-18,2019-05-27,2019-07-04,2019-09-02,2019-10-14,2019-11-11,2019-11-28,2019-12-25,
2020-01-01,2020-01-20,2020-02-17,2020-05-25,2020-07-03,2020-09-07,2020-10-12,2020-11-11,2020-11-26,2020-12-25,
2021-01-01,2021-01-18,2021-02-15,2021-05-31,2021-06-18,2021-07-05,2021-09-06,2021-10-11,2021-11-11,2021-11-25,2021-12-24,2021-12-31,
2022-01-17,2022-02-21,2022-05-30,2022-06-20,2022-07-04,2022-09-05,2022-10-10,2022-11-11,2022-11-24,2022-12-26,
2023-01-02,2023-01-16,2023-02-20,2023-05-29,2023-06-19,2023-07-04,2023-09-04,2023-10-09,2023-11-10,2023-11-23,2023-12-25,
2024-01-01,2024-01-15,2024-02-19,2024-05-27,2024-06-19,2024-07-04,2024-09-02,2024-10-14,2024-11-11,2024-11-28,2024-12-25,
2025-01-01,2025-01-20,2025-02-17,2025-05-26,2025-06-19,2025-07-04,2025-09-01,2025-10-13,2025-11-11,2025-11-27,2025-12-25,
2026-01-01,2026-01-19,2026-02-16,2026-05-25,2026-06-19,2026-07-03,2026-09-07,2026-10-12,2026-11-11,2026-11-26,2026-12-25,
2027-01-01,2027-01-18,2027-02-15,2027-05-31,2027-06-18,2027-07-05,2027-09-06,2027-10-11,2027-11-11,2027-11-25,2027-12-24,2027-12-31,
2028-01-17,2028-02-21,2028-05-29,2028-06-19,2028-07-04,2028-09-04,2028-10-09,2028-11-10,2028-11-23,2028-12-25,
2029-01-01,2029-01-15,2029-02-19,2029-05-28,2029-06-19,2029-07-04,2029-09-03,2029-10-08,2029-11-12,2029-11-22,2029-12-25,
2030-01-01,2030-01-21,2030-02-18,2030-05-27,2030-06-19,2030-07-04,2030-09-02,2030-10-14,2030-11-11,2030-11-28,2030-12-25,
2031-01-01,2031-01-20,2031-02-17,2031-05-26,2031-06-19,2031-07-04,2031-09-01,2031-10-13,2031-11-11,2031-11-27,2031-12-25,
2032-01-01,2032-01-19,2032-02-16,2032-05-31,2032-06-18,2032-07-05,2032-09-06,2032-10-11,2032-11-11,2032-11-25,2032-12-24,2032-12-31,
2033-01-17,2033-02-21,2033-05-30,2033-06-20,2033-07-04,2033-09-05,2033-10-10,2033-11-11,2033-11-24,2033-12-26,
2034-01-02,2034-01-16,2034-02-20,2034-05-29,2034-06-19,2034-07-04,2034-09-04,2034-10-09,2034-11-10,2034-11-23,2034-12-25,
2035-01-01,2035-01-15,2035-02-19,2035-05-28,2035-06-19,2035-07-04,2035-09-03,2035-10-08,2035-11-12,2035-11-22,2035-12-25,
2036-01-01,2036-01-21,2036-02-18,2036-05-26,2036-06-19,2036-07-04,2036-09-01,2036-10-13,2036-11-11,2036-11-27,2036-12-25,
2037-01-01,2037-01-19,2037-02-16,2037-05-25,2037-06-19,2037-07-03,2037-09-07,2037-10-12,2037-11-11,2037-11-26,2037-12-25,
2038-01-01,2038-01-18,2038-02-15,2038-05-31,2038-06-18,2038-07-05,2038-09-06,2038-10-11,2038-11-11,2038-11-25,2038-12-24,2038-12-31,
2039-01-17,2039-02-21,2039-05-30,2039-06-20,2039-07-04,2039-09-05,2039-10-10,2039-11-11,2039-11-24,2039-12-26,
2040-01-02,2040-01-16,2040-02-20,2040-05-28,2040-06-19,2040-07-04,2040-09-03,2040-10-08,2040-11-12,2040-11-22,2040-12-25,
2041-01-01,2041-01-21,2041-02-18,2041-05-27,2041-06-19,2041-07-04,2041-09-02,2041-10-14,2041-11-11,2041-11-28,2041-12-25,
2042-01-01,2042-01-20,2042-02-17,2042-05-26,2042-06-19,2042-07-04,2042-09-01,2042-10-13,2042-11-11,2042-11-27,2042-12-25,
2043-01-01,2043-01-19,2043-02-16,2043-05-25,2043-06-19,2043-07-03,2043-09-07,2043-10-12,2043-11-11,2043-11-26,2043-12-25,
2044-01-01,2044-01-18,2044-02-15,2044-05-30,2044-06-20,2044-07-04,2044-09-05,2044-10-10,2044-11-11,2044-11-24,2044-12-26,
2045-01-02,2045-01-16,2045-02-20,2045-05-29,2045-06-19,2045-07-04,2045-09-04,2045-10-09,2045-11-10,2045-11-23,2045-12-25,
2046-01-01,2046-01-15,2046-02-19,2046-05-28,2046-06-19,2046-07-04,2046-09-03,2046-10-08,2046-11-12,2046-11-22,2046-12-25,
2047-01-01,2047-01-21,2047-02-18,2047-05-27,2047-06-19,2047-07-04,2047-09-02,2047-10-14,2047-11-11,2047-11-28,2047-12-25,
2048-01-01,2048-01-20,2048-02-17,2048-05-25,2048-06-19,2048-07-03,2048-09-07,2048-10-12,2048-11-11,2048-11-26,2048-12-25,
2049-01-01,2049-01-18,2049-02-15,2049-05-31,2049-06-18,2049-07-05,2049-09-06,2049-10-11,2049-11-11,2049-11-25,2049-12-24,2049-12-31,
2050-01-17,2050-02-21,2050-05-30,2050-06-20,2050-07-04,2050-09-05,2050-10-10,2050-11-11,2050-11-24,2050-12-26,
2051-01-02,2051-01-16,2051-02-20,2051-05-29,2051-06-19,2051-07-04,2051-09-04,2051-10-09,2051-11-10,2051-11-23,2051-12-25,
2052-01-01,2052-01-15,2052-02-19,2052-05-27,2052-06-19,2052-07-04,2052-09-02,2052-10-14,2052-11-11,2052-11-28,2052-12-25,
2053-01-01,2053-01-20,2053-02-17,2053-05-26,2053-06-19,2053-07-04,2053-09-01,2053-10-13,2053-11-11,2053-11-27,2053-12-25,
2054-01-01,2054-01-19,2054-02-16,2054-05-25,2054-06-19,2054-07-03,2054-09-07,2054-10-12,2054-11-11,2054-11-26,2054-12-25,
2055-01-01,2055-01-18,2055-02-15,2055-05-31,2055-06-18,2055-07-05,2055-09-06,2055-10-11,2055-11-11,2055-11-25,2055-12-24,2055-12-31,
2056-01-17,2056-02-21,2056-05-29,2056-06-19,2056-07-04,2056-09-04,2056-10-09,2056-11-10,2056-11-23,2056-12-25,
2057-01-01,2057-01-15,2057-02-19,2057-05-28,2057-06-19,2057-07-04,2057-09-03,2057-10-08,2057-11-12,2057-11-22,2057-12-25,
2058-01-01,2058-01-21,2058-02-18,2058-05-27,2058-06-19,2058-07-04,2058-09-02,2058-10-14,2058-11-11,2058-11-28,2058-12-25,
2059-01-01,2059-01-20,2059-02-17,2059-05-26,2059-06-19,2059-07-04,2059-09-01,2059-10-13,2059-11-11,2059-11-27,2059-12-25,
2060-01-01,2060-01-19,2060-02-16,2060-05-31,2060-06-18,2060-07-05,2060-09-06,2060-10-11,2060-11-11,2060-11-25,2060-12-24,2060-12-31,
2061-01-17,2061-02-21,2061-05-30,2061-06-20,2061-07-04,2061-09-05,2061-10-10,2061-11-11,2061-11-24,2061-12-26,
2062-01-02,2062-01-16,2062-02-20,2062-05-29,2062-06-19,2062-07-04,2062-09-04,2062-10-09,2062-11-10,2062-11-23,2062-12-25,
2063-01-01,2063-01-15,2063-02-19,2063-05-28,2063-06-19,2063-07-04,2063-09-03,2063-10-08,2063-11-12,2063-11-22,2063-12-25,
2064-01-01,2064-01-21,2064-02-18,2064-05-26,2064-06-19,2064-07-04,2064-09-01,2064-10-13,2064-11-11,2064-11-27,2064-12-25,
2065-01-01,2065-01-19,2065-02-16,2065-05-25,2065-06-19,2065-07-03,2065-09-07,2065-10-12,2065-11-11,2065-11-26,2065-12-25,
2066-01-01,2066-01-18,2066-02-15,2066-05-31,2066-06-18,2066-07-05,2066-09-06,2066-10-11,2066-11-11,2066-11-25,2066-12-24,2066-12-31,
2067-01-17,2067-02-21,2067-05-30,2067-06-20,2067-07-04,2067-09-05,2067-10-10,2067-11-11,2067-11-24,2067-12-26,
2068-01-02,2068-01-16,2068-02-20,2068-05-28,2068-06-19,2068-07-04,2068-09-03,2068-10-08,2068-11-12,2068-11-22,2068-12-25,
2069-01-01,2069-01-21,2069-02-18,2069-05-27,2069-06-19,2069-07-04,2069-09-02,2069-10-14,2069-11-11,2069-11-28,2069-12-25,
2070-01-01,2070-01-20,2070-02-17,2070-05-26,2070-06-19,2070-07-04,2070-09-01,2070-10-13,2070-11-11,2070-11-27,2070-12-25,
2071-01-01,2071-01-19,2071-02-16,2071-05-25,2071-06-19,2071-07-03,2071-09-07,2071-10-12,2071-11-11,2071-11-26,2071-12-25,
2072-01-01,2072-01-18,2072-02-15,2072-05-30,2072-06-20,2072-07-04,2072-09-05,2072-10-10,2072-11-11,2072-11-24,2072-12-26,
2073-01-02,2073-01-16,2073-02-20,2073-05-29,2073-06-19,2073-07-04,2073-09-04,2073-10-09,2073-11-10,2073-11-23,2073-12-25,
2074-01-01,2074-01-15,2074-02-19,2074-05-28,2074-06-19,2074-07-04,2074-09-03,2074-10-08,2074-11-12,2074-11-22,2074-12-25,
2075-01-01,2075-01-21,2075-02-18,2075-05-27,2075-06-19,2075-07-04,2075-09-02,2075-10-14,2075-11-11,2075-11-28,2075-12-25,
2076-01-01,2076-01-20,2076-02-17,2076-05-25,2076-06-19,2076-07-03,2076-09-07,2076-10-12,2076-11-11,2076-11-26,2076-12-25,
2077-01-01,2077-01-18,2077-02-15,2077-05-31,2077-06-18,2077-07-05,2077-09-06,2077-10-11,2077-11-11,2077-11-25,2077-12-24,2077-12-31,
2078-01-17,2078-02-21,2078-05-30,2078-06-20,2078-07-04,2078-09-05,2078-10-10,2078-11-11,2078-11-24,2078-12-26,
2079-01-02,2079-01-16,2079-02-20,2079-05-29,2079-06-19,2079-07-04,2079-09-04,2079-10-09,2079-11-10,2079-11-23,2079-12-25,
2080-01-01,2080-01-15,2080-02-19,2080-05-27,2080-06-19,2080-07-04,2080-09-02,2080-10-14,2080-11-11,2080-11-28,2080-12-25,
2081-01-01,2081-01-20,2081-02-17,2081-05-26,2081-06-19,2081-07-04,2081-09-01,2081-10-13,2081-11-11,2081-11-27,2081-12-25,
2082-01-01,2082-01-19,2082-02-16,2082-05-25,2082-06-19,2082-07-03,2082-09-07,2082-10-12,2082-11-11,2082-11-26,2082-12-25,
2083-01-01,2083-01-18,2083-02-15,2083-05-31,2083-06-18,2083-07-05,2083-09-06,2083-10-11,2083-11-11,2083-11-25,2083-12-24,2083-12-31,
2084-01-17,2084-02-21,2084-05-29,2084-06-19,2084-07-04,2084-09-04,2084-10-09,2084-11-10,2084-11-23,2084-12-25,
2085-01-01,2085-01-15,2085-02-19,2085-05-28,2085-06-19,2085-07-04,2085-09-03,2085-10-08,2085-11-12,2085-11-22,2085-12-25,
2086-01-01,2086-01-21,2086-02-18,2086-05-27,2086-06-19,2086-07-04,2086-09-02,2086-10-14,2086-11-11,2086-11-28,2086-12-25,
2087-01-01,2087-01-20,2087-02-17,2087-05-26,2087-06-19,2087-07-04,2087-09-01,2087-10-13,2087-11-11,2087-11-27,2087-12-25,
2088-01-01,2088-01-19,2088-02-16,2088-05-31,2088-06-18,2088-07-05,2088-09-06,2088-10-11,2088-11-11,2088-11-25,2088-12-24,2088-12-31,
2089-01-17,2089-02-21,2089-05-30,2089-06-20,2089-07-04,2089-09-05,2089-10-10,2089-11-11,2089-11-24,2089-12-26,
2090-01-02,2090-01-16,2090-02-20,2090-05-29,2090-06-19,2090-07-04,2090-09-04,2090-10-09,2090-11-10,2090-11-23,2090-12-25,
2091-01-01,2091-01-15,2091-02-19,2091-05-28,2091-06-19,2091-07-04,2091-09-03,2091-10-08,2091-11-12,2091-11-22,2091-12-25,
2092-01-01,2092-01-21,2092-02-18,2092-05-26,2092-06-19,2092-07-04,2092-09-01,2092-10-13,2092-11-11,2092-11-27,2092-12-25,
2093-01-01,2093-01-19,2093-02-16,2093-05-25,2093-06-19,2093-07-03,2093-09-07,2093-10-12,2093-11-11,2093-11-26,2093-12-25,
2094-01-01,2094-01-18,2094-02-15,2094-05-31,2094-06-18,2094-07-05,2094-09-06,2094-10-11,2094-11-11,2094-11-25,2094-12-24,2094-12-31,
2095-01-17,2095-02-21,2095-05-30,2095-06-20,2095-07-04,2095-09-05,2095-10-10,2095-11-11,2095-11-24,2095-12-26,
2096-01-02,2096-01-16,2096-02-20,2096-05-28,2096-06-19,2096-07-04,2096-09-03,2096-10-08,2096-11-12,2096-11-22,2096-12-25,
2097-01-01,2097-01-21,2097-02-18,2097-05-27,2097-06-19,2097-07-04,2097-09-02,2097-10-14,2097-11-11,2097-11-28,2097-12-25,
2098-01-01,2098-01-20,2098-02-17,2098-05-26,2098-06-19,2098-07-04,2098-09-01,2098-10-13,2098-11-11,2098-11-27,2098-12-25,
2099-01-01,2099-01-19,2099-02-16,2099-05-25,2099-06-19,2099-07-03,2099-09-07,2099-10-12,2099-11-11,2099-11-26,2099-12-25,
2100-01-01,2100-01-18,2100-02-15,2100-05-31,2100-06-18,2100-07-05,2100-09-06,2100-10-11,2100-11-11,2100-11-25,2100-12-24,2100-12-31
}'::date[]);

-- Every calendar day 2000-2100 with the number of business days (no weekend, no holiday) up to and
-- including it. "The n-th business day after d" is then two index lookups, so SQL can compute SLA
-- deadlines and delivery estimates for a whole batch of orders in one statement.
create table business_calendar (
  day date primary key,
  is_business_day boolean not null,
  business_ordinal integer not null
);
insert into business_calendar (day, is_business_day, business_ordinal)
select day, business, (count(*) filter (where business) over (order by day))::integer
from (
  select d::date as day,
         extract(isodow from d) < 6 and d::date not in (select day from us_federal_holidays) as business
  from generate_series('2000-01-01'::date, '2100-12-31'::date, interval '1 day') as d
) days;
create unique index business_calendar_ordinal on business_calendar (business_ordinal) include (day)
  where is_business_day;

-- Mirrors addBusinessDays/estimatedCompletion in src/scheduling/calendar.ts: the same New York wall-clock
-- time on the n-th business day strictly after the New York date of `at` (that date never counts). US DST
-- changes fall on Sundays, never a business day, so the target wall time always exists once. One query
-- (no nested function) keeps a call cheap; null outside 2000-2100.
create function add_business_days(at timestamptz, n integer) returns timestamptz
language sql stable parallel safe as $$
  select case when n = 0 then at else (
    select (target.day + (at at time zone 'America/New_York')::time) at time zone 'America/New_York'
    from business_calendar start
    join business_calendar target
      on target.is_business_day and target.business_ordinal = start.business_ordinal + n
    where start.day = (at at time zone 'America/New_York')::date) end
$$;

-- Mirrors slaDeadline in src/scheduling/calendar.ts: `business_days` whole New York business days,
-- counted from the first business day starting at or after `entered`; the deadline is the midnight ET
-- that ends the last of them. An entry at exactly 00:00 ET counts its own day.
create function business_sla_deadline(entered timestamptz, business_days integer) returns timestamptz
language sql stable parallel safe as $$
  select case when business_days = 0 then entered else (
    select (target.day + 1)::timestamp at time zone 'America/New_York'
    from business_calendar start
    join business_calendar target
      on target.is_business_day and target.business_ordinal = start.business_ordinal + business_days
    where start.day = (entered at time zone 'America/New_York')::date
      - case when (entered at time zone 'America/New_York')::time = '00:00' then 1 else 0 end) end
$$;

-- Drop-in replacements for two helpers of 0001 that every set-based statement calls once per row (each
-- event's id and the timestamps of its order_json), same output, several times cheaper:
-- - iso_time was declared immutable around the stable to_char, which stopped PostgreSQL from inlining it
--   (a separate SQL-function call for each of the nine timestamps of every order_json);
-- - mailstream_id built its 22 characters with generate_series and string_agg; this takes them from the
--   base64 of a SHA-256 of two random UUIDs (244 random bits) with + / = removed, which leaves uniform
--   base62 characters (too few would take 22 of the 43 to be + or /: never in practice).
create or replace function iso_time(t timestamptz) returns text language sql stable as $$
  select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

create or replace function mailstream_id(prefix text) returns text language sql volatile as $$
  select prefix || '_' || substr(translate(
    encode(sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())), 'base64'), '+/=', ''), 1, 22)
$$;

-- Print partners. Keys are random 32-character secrets shown once, stored as SHA-256 (as api_keys).
-- The built-in simulated printer is a row like any other, with a key nobody knows.
create table printers (
  id text primary key,
  name text not null,
  key_hash bytea not null unique,
  key_hint text not null,
  simulated boolean not null default false,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz,
  revoked_at timestamptz
);
create unique index printers_one_simulated on printers (simulated) where simulated;

-- Failures a printer reported; the order stays printing and can be claimed again.
create table print_failures (
  id bigint generated always as identity primary key,
  order_id text not null references orders(id),
  printer_id text not null references printers(id),
  reason text not null,
  created_at timestamptz not null default now()
);
create index print_failures_order on print_failures (order_id, created_at);

alter table orders
  -- When the order is due to enter printing in the production profile: the first midnight
  -- America/New_York after send_date (printingDueAt in src/scheduling/calendar.ts). Stored, so the
  -- scheduler's batch is an index range scan.
  add column print_at timestamptz generated always as (
    (date_trunc('day', send_date at time zone 'America/New_York') + interval '1 day') at time zone 'America/New_York'
  ) stored,
  -- While printing: when a printer may claim it (on entry; then each time a claim expires or fails).
  add column claimable_at timestamptz,
  -- The printer that claimed it last, and when.
  add column printer_id text references printers(id),
  add column claimed_at timestamptz,
  -- While processed_for_delivery: the estimated delivery (completion) moment, and the out_for_delivery
  -- scan time it was last brought forward from (so a new or corrected scan is folded in once).
  add column complete_at timestamptz,
  add column completion_basis timestamptz,
  -- The IMb's Mailer ID and serial, and when they were assigned: USPS scans match an order by
  -- "Mailer ID + serial, most recent use" (src/ingestion).
  add column imb_mailer_id text,
  add column imb_serial text,
  add column imb_assigned_at timestamptz,
  -- Non-null: the simulated postal service plays this piece's scans (pieces of the simulated printer, and
  -- test orders given a tracking story). {"returnToSender": true|false} when the story is chosen.
  add column tracking_story jsonb;

create index orders_due on orders (live, print_at) where status = 'ready';
-- The demo profile prints as soon as send_date has passed.
create index orders_due_demo on orders (live, send_date) where status = 'ready';
create index orders_claimable on orders (claimable_at) where status = 'printing' and live;
create index orders_claimed on orders (printer_id, claimed_at) where status = 'printing';
create index orders_completion_due on orders (complete_at) where status = 'processed_for_delivery';
create index orders_completion_scan on orders (id)
  where status = 'processed_for_delivery' and imb_status = 'out_for_delivery'
    and completion_basis is distinct from imb_date;
-- Scan matching: Mailer ID + serial, most recent use. Partial: most orders never carry an IMb, and an
-- equality on imb_mailer_id implies the predicate, so lookups still use it.
create index orders_imb on orders (imb_mailer_id, imb_serial, imb_assigned_at desc) where imb_mailer_id is not null;
create unique index orders_tracking_number on orders (tracking_number) where tracking_number is not null;

-- IMb serials (USPS-B-3200): unique per Mailer ID, never reused within 45 days. Candidates come from a
-- sequence (non-transactional, so concurrent claims never wait on each other) taken modulo the Mailer
-- ID's serial space; imb_serials is the hard guarantee: a serial is taken only by inserting its row, or
-- by re-taking a row last used more than 45 days ago.
create sequence imb_serial_candidates as bigint minvalue 0 start 0 no cycle;
create table imb_serials (
  mailer_id text not null,
  serial bigint not null,
  used_at timestamptz not null,
  primary key (mailer_id, serial)
);

-- IMpb tracking-number serials: a sequence never hands out a value twice.
create sequence tracking_number_serials as bigint minvalue 1 no cycle;
