<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ChatView</name>
    <message numerus="yes">
        <source>Writing the answer from %n passages…</source>
        <translation>
            <numerusform>Writing the answer from %n passage…</numerusform>
            <numerusform>Writing the answer from %n passages…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FoldersView</name>
    <message numerus="yes">
        <source>Could not be indexed (%n)</source>
        <translation>
            <numerusform>Could not be indexed (%n)</numerusform>
            <numerusform>Could not be indexed (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Empty, nothing to index (%n)</source>
        <translation>
            <numerusform>Empty, nothing to index (%n)</numerusform>
            <numerusform>Empty, nothing to index (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultDelegate</name>
    <message numerus="yes">
        <source>%n passages</source>
        <translation>
            <numerusform>%n passage</numerusform>
            <numerusform>%n passages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScopeSelector</name>
    <message numerus="yes">
        <source>%n chosen files</source>
        <translation>
            <numerusform>%n chosen file</numerusform>
            <numerusform>%n chosen files</numerusform>
        </translation>
    </message>
</context>
</TS>
