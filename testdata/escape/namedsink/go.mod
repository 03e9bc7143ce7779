module example.com/namedsink

go 1.26
