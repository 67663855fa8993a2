-- A migration that fails half-way, for StoreSchemaTest: its first table must not be left behind.
create table half_made (id integer primary key);
insert into half_made values (1);
select no_such_function();
