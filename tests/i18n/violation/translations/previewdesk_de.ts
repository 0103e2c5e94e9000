<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Planted</name>
    <message>
        <source>Already translated</source>
        <translation>Schon übersetzt</translation>
    </message>
    <message>
        <source>Left unfinished</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
